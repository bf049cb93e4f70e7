/** Expected failures travel as values; only the HTTP layer turns them into status codes. */
export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

export interface DomainError {
  code: ErrorCode;
  detail: string;
  /** Field-level problems, for validation errors. */
  errors?: FieldError[];
  /** Extra machine-readable members copied into the problem body (e.g. seats_left). */
  extra?: Record<string, unknown>;
}

export interface FieldError {
  field: string;
  message: string;
}

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (code: ErrorCode, detail: string, extra?: Record<string, unknown>): Err<DomainError> => ({
  ok: false,
  error: extra ? { code, detail, extra } : { code, detail },
});

import type { ErrorCode } from "./error-codes";

export type { ErrorCode };
