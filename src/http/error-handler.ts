import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { HttpEnv } from "../api/context";
import { ProblemError, problemResponse } from "../api/problem";
import type { DomainError } from "../lib/result";

/** The one place an exception becomes a response. Unknown errors leak nothing but the request id. */
export const onError: ErrorHandler<HttpEnv> = (error, c) => {
  const requestId = c.get("requestId") ?? "req_unknown";
  const instance = c.req.path;
  if (error instanceof ProblemError) {
    return problemResponse(error.problem, requestId, instance, error.headers);
  }
  if (error instanceof HTTPException) {
    return problemResponse(fromHttpException(error), requestId, instance);
  }
  const log = c.get("services")?.log;
  const fields = { error: String(error), stack: error instanceof Error ? error.stack : undefined };
  if (log) log.error("unhandled_error", fields);
  else console.error(JSON.stringify({ level: "error", event: "unhandled_error", request_id: requestId, ...fields }));
  return problemResponse(
    { code: "INTERNAL", detail: "Something went wrong on our side. Quote the request id if you contact us." },
    requestId,
    instance,
  );
};

function fromHttpException(error: HTTPException): DomainError {
  if (error.status === 413) {
    return { code: "PAYLOAD_TOO_LARGE", detail: "The request body is larger than this API accepts." };
  }
  if (error.status === 401) return { code: "UNAUTHENTICATED", detail: error.message || "Authentication required." };
  // hono's JSON validator throws this for a body that does not parse.
  if (/malformed json/i.test(error.message)) {
    return { code: "MALFORMED_JSON", detail: "The request body is not valid JSON." };
  }
  return { code: "VALIDATION_FAILED", detail: error.message || "Bad request." };
}

export const onNotFound: NotFoundHandler<HttpEnv> = (c) =>
  problemResponse(
    { code: "NOT_FOUND", detail: `No route for ${c.req.method} ${c.req.path}.` },
    c.get("requestId") ?? "req_unknown",
    c.req.path,
  );
