import type { Hook } from "@hono/zod-openapi";
import type { z } from "zod";
import type { FieldError } from "../lib/result";
import type { HttpEnv } from "./context";
import { ProblemError } from "./problem";

/** Every zod validation failure becomes the same VALIDATION_FAILED problem with field errors. */
export const validationHook: Hook<any, HttpEnv, any, any> = (result) => {
  if (result.success) return;
  throw validationProblem(result.error, result.target);
};

export function validationProblem(error: z.ZodError, target: string): ProblemError {
  const errors: FieldError[] = error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join(".") : target,
    message: issue.message,
  }));
  const first = errors[0];
  return new ProblemError({
    code: "VALIDATION_FAILED",
    detail: first ? `${first.field}: ${first.message}` : `The ${target} is not valid.`,
    errors,
  });
}
