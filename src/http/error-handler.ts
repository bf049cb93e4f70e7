import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { HttpEnv } from "./context";
import { ProblemError, problemResponse } from "./problem";

/** The one place an exception becomes a response. Unknown errors leak nothing but the request id. */
export const onError: ErrorHandler<HttpEnv> = (error, c) => {
  const requestId = c.get("requestId") ?? "req_unknown";
  const instance = c.req.path;
  if (error instanceof ProblemError) {
    return problemResponse(error.problem, requestId, instance, error.headers);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 413 ? "PAYLOAD_TOO_LARGE" : status === 401 ? "UNAUTHENTICATED" : "VALIDATION_FAILED";
    const detail =
      status === 413 ? "The request body is larger than this API accepts." : error.message || "Bad request.";
    return problemResponse({ code, detail }, requestId, instance);
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

export const onNotFound: NotFoundHandler<HttpEnv> = (c) =>
  problemResponse(
    { code: "NOT_FOUND", detail: `No route for ${c.req.method} ${c.req.path}.` },
    c.get("requestId") ?? "req_unknown",
    c.req.path,
  );
