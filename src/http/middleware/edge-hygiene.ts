import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { answering } from "../../api/answers";
import type { HttpEnv } from "../../api/context";
import { ProblemError } from "../../api/problem";
import { HTTP_LIMITS } from "../../config";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);
/** Methods whose requests can carry a body, so can be too large (GET and HEAD cannot). */
const BODY_METHODS = new Set([...WRITE_METHODS, "DELETE"]);

/** CORS, security headers, body size and content-type rules shared by every route. */
export function edgeHygiene(): MiddlewareHandler<HttpEnv>[] {
  return [
    secureHeaders({ crossOriginResourcePolicy: "cross-origin" }),
    cors({
      origin: (origin, c) => allowedOrigin(origin, c.env.CORS_ORIGINS),
      allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["content-type", "authorization", "idempotency-key", "x-api-key", "x-request-id", "if-none-match"],
      exposeHeaders: [
        "etag",
        "x-request-id",
        "server-timing",
        "retry-after",
        "ratelimit",
        "ratelimit-policy",
        "idempotent-replayed",
        "x-d1-bookmark",
      ],
      maxAge: 600,
    }),
    answering(
      bodyLimit({
        maxSize: HTTP_LIMITS.maxBodyBytes,
        onError: () => {
          throw ProblemError.of(
            "PAYLOAD_TOO_LARGE",
            `The request body must be at most ${HTTP_LIMITS.maxBodyBytes} bytes.`,
          );
        },
      }),
      ({ method }) =>
        BODY_METHODS.has(method.toUpperCase())
          ? {
              problems: [
                { status: 413, description: `\`PAYLOAD_TOO_LARGE\`: a body over ${HTTP_LIMITS.maxBodyBytes} bytes` },
              ],
            }
          : {},
    ),
    answering(requireJsonBodies, ({ method }) =>
      WRITE_METHODS.has(method.toUpperCase())
        ? {
            problems: [{ status: 415, description: "`UNSUPPORTED_MEDIA_TYPE`: a body that is not `application/json`" }],
          }
        : {},
    ),
  ];
}

const requireJsonBodies: MiddlewareHandler<HttpEnv> = async (c, next) => {
  if (WRITE_METHODS.has(c.req.method)) {
    const type = c.req.header("content-type") ?? "";
    const hasBody = c.req.header("content-length") !== "0" && c.req.raw.body !== null;
    // The web app's pages (outside /v1) take their own HTML forms; the API takes JSON only.
    const formPage = !c.req.path.startsWith("/v1/") && /^application\/x-www-form-urlencoded\b/i.test(type);
    if (hasBody && !formPage && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
      throw ProblemError.of("UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json.");
    }
  }
  await next();
};

export function allowedOrigin(origin: string, configured: string | undefined): string | null {
  const list = (configured ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  if (list.includes("*")) return origin || "*";
  return list.includes(origin) ? origin : null;
}
