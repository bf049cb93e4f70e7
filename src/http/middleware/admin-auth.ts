import type { MiddlewareHandler } from "hono";
import { constantTimeEqual } from "../../lib/constant-time";
import type { HttpEnv } from "../context";
import { answering } from "../openapi/answers";
import { ProblemError } from "../problem";

/**
 * Operator routes need `Authorization: Bearer <ADMIN_API_KEY>`. Without the secret configured
 * they are closed (403), never open.
 */
export function adminAuth(): MiddlewareHandler<HttpEnv> {
  return answering(checkAdminKey, {
    security: [{ adminKey: [] }],
    problems: [
      { status: 401, description: "`UNAUTHENTICATED`: no `Authorization: Bearer` admin key" },
      { status: 403, description: "`FORBIDDEN`: a wrong key, or no admin key configured on this deployment" },
    ],
  });
}

const checkAdminKey: MiddlewareHandler<HttpEnv> = async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1]) {
    throw new ProblemError(
      { code: "UNAUTHENTICATED", detail: "Send the admin API key as `Authorization: Bearer <key>`." },
      { "www-authenticate": 'Bearer realm="edgefare-admin"' },
    );
  }
  const expected = c.env.ADMIN_API_KEY;
  if (!expected || !(await constantTimeEqual(match[1].trim(), expected))) {
    throw ProblemError.of("FORBIDDEN", "This key may not use operator routes.");
  }
  await next();
};
