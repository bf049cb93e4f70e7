import type { MiddlewareHandler } from "hono";

/** An operation as the OpenAPI document names it: lower-case method, `{param}` path. */
export interface OperationRef {
  method: string;
  path: string;
}

/** A problem+json answer a piece of middleware can give, for the OpenAPI document. */
export interface ProblemAnswer {
  status: number;
  description: string;
  /** Response headers that come with it (`Retry-After`). */
  headers?: Record<string, { description: string; schema: { type: "integer" | "string" } }>;
}

export interface HeaderParameter {
  name: string;
  description: string;
  schema: { type: "string"; minLength?: number; maxLength?: number };
}

/** What a middleware adds to the document of every operation it runs on. */
export interface Answers {
  problems?: ProblemAnswer[];
  /** The security requirement it enforces; operations without one are public (`security: []`). */
  security?: Record<string, string[]>[];
  /** Request headers it reads. */
  headers?: HeaderParameter[];
  /** Who may call (src/api/middleware/access.ts), written to the document as `x-edgefare-access`. */
  access?: { kind: string; [k: string]: unknown };
}

const ANSWERS = Symbol("edgefare.openapi.answers");
type Tagged = { [ANSWERS]?: (op: OperationRef) => Answers };

/**
 * Marks a middleware with what it can answer, so the document lists those statuses on every
 * operation the middleware runs on (found from the router, src/http/openapi/complete.ts): a
 * new route behind `rateLimit()` documents its 429 without anyone remembering to.
 */
export function answering<M extends MiddlewareHandler>(
  middleware: M,
  answers: Answers | ((op: OperationRef) => Answers),
) {
  const of = typeof answers === "function" ? answers : () => answers;
  // A wrapper, so a middleware shared by several callers never carries another caller's answers.
  const tagged: MiddlewareHandler = (c, next) => middleware(c, next);
  return Object.assign(tagged, { [ANSWERS]: of }) as unknown as M;
}

export function answersOf(handler: unknown, op: OperationRef): Answers | undefined {
  return (handler as Tagged)[ANSWERS]?.(op);
}

/** `Retry-After`, in seconds, on refusals a client should simply retry later. */
export const RETRY_AFTER = {
  "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" as const } },
};
