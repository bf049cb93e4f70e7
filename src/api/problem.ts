import { ERROR_CATALOG, type ErrorCode } from "../lib/error-codes";
import type { DomainError, FieldError, Result } from "../lib/result";

/** RFC 9457 problem details, with edgefare's stable `code` and the request id. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  request_id: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
const TYPE_BASE = "https://edgefare.dev/problems/";

/** Thrown by HTTP-layer code (middleware, handlers) to stop with a problem answer. */
export class ProblemError extends Error {
  constructor(
    readonly problem: DomainError,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
    this.name = "ProblemError";
  }

  static of(code: ErrorCode, detail: string, extra?: Record<string, unknown>): ProblemError {
    return new ProblemError(extra ? { code, detail, extra } : { code, detail });
  }
}

export function problemBody(error: DomainError, requestId: string, instance?: string): ProblemBody {
  const { status, title } = ERROR_CATALOG[error.code];
  return {
    ...(error.extra ?? {}),
    type: `${TYPE_BASE}${error.code.toLowerCase().replaceAll("_", "-")}`,
    title,
    status,
    code: error.code,
    detail: error.detail,
    ...(instance ? { instance } : {}),
    request_id: requestId,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

export function problemResponse(
  error: DomainError,
  requestId: string,
  instance?: string,
  headers: Record<string, string> = {},
): Response {
  const body = problemBody(error, requestId, instance);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "x-request-id": requestId, ...headers },
  });
}

/** A domain Result's value, or its error thrown as the problem answer. */
export function valueOrProblem<T>(result: Result<T>): T {
  if (!result.ok) throw new ProblemError(result.error);
  return result.value;
}
