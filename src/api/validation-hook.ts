import type { Hook, OpenAPIHonoOptions } from "@hono/zod-openapi";
import type { z } from "zod";
import type { ErrorCode } from "../lib/error-codes";
import type { FieldError } from "../lib/result";
import type { HttpEnv } from "./context";
import { ProblemError } from "./problem";

/** Every zod validation failure becomes the same VALIDATION_FAILED problem with field errors. */
export const validationHook: NonNullable<OpenAPIHonoOptions<HttpEnv>["defaultHook"]> = (result) => {
  if (result.success) return;
  throw validationProblem(result.error, result.target);
};

/** A route-specific hook: failures of the named fields get their own stable code. */
export function validationHookWith<I, P extends string, R>(
  fieldCodes: Partial<Record<string, ErrorCode>>,
): Hook<I, HttpEnv, P, R | undefined> {
  return (result) => {
    if (result.success) return;
    throw validationProblem(result.error, result.target, fieldCodes);
  };
}

export function validationProblem(
  error: z.ZodError,
  target: string,
  fieldCodes: Partial<Record<string, ErrorCode>> = {},
): ProblemError {
  const errors: FieldError[] = error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join(".") : target,
    message: issue.message,
  }));
  const first = errors[0];
  const code = (first && fieldCodes[first.field]) ?? "VALIDATION_FAILED";
  return new ProblemError({
    code,
    detail: first ? `${first.field}: ${first.message}` : `The ${target} is not valid.`,
    errors,
  });
}
