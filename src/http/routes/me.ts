import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { listSessions, revokeSession } from "../../accounts/sessions";
import type { App } from "../../api/context";
import { access } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { principalOf } from "../../api/principal";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import { accounts } from "../../db/schema";

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

const AccountSchema = z
  .object({
    id: z.string().openapi({ example: "acc_Zm9vYmFyYmF6cXV4" }),
    email: z.string(),
    role: z.enum(["traveller", "organiser", "admin"]),
    created_at: z.string(),
  })
  .openapi("Account");

const SessionListItem = z
  .object({
    id: z.string(),
    kind: z.enum(["cookie", "bearer"]),
    current: z.boolean(),
    user_agent: z.string().nullable(),
    created_at: z.string(),
    last_seen_at: z.string(),
    expires_at: z.string(),
  })
  .openapi("SessionListItem");

const meRoute = createRoute({
  method: "get",
  path: "/v1/me",
  operationId: "getMe",
  tags: ["accounts"],
  summary: "The signed-in account",
  middleware: [rateLimit("lookup"), access.signedIn()] as const,
  responses: {
    200: { description: "The account", content: { "application/json": { schema: z.object({ data: AccountSchema }) } } },
  },
});

const sessionsRoute = createRoute({
  method: "get",
  path: "/v1/me/sessions",
  operationId: "listSessions",
  tags: ["accounts"],
  summary: "The account's live sessions (devices), oldest first",
  middleware: [rateLimit("lookup"), access.signedIn()] as const,
  responses: {
    200: {
      description: "Sessions",
      content: { "application/json": { schema: z.object({ data: z.array(SessionListItem) }) } },
    },
  },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/v1/me/sessions/{id}",
  operationId: "revokeSession",
  tags: ["accounts"],
  summary: "Sign one of the account's devices out",
  middleware: [rateLimit("write"), access.signedIn()] as const,
  request: {
    params: z.object({
      id: z
        .string()
        .max(64)
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: { 204: { description: "Revoked" }, ...problemResponses(404) },
});

export function registerMeRoutes(app: App): void {
  app.openapi(meRoute, async (c) => {
    const p = await principalOf(c);
    if (p.kind !== "session") throw ProblemError.of("SESSION_REQUIRED", "Sign in first.");
    const row = await c.var.services.db.select().from(accounts).where(eq(accounts.id, p.session.accountId)).get();
    if (!row) throw ProblemError.of("UNAUTHENTICATED", "The account no longer exists.");
    c.header("Cache-Control", "private, no-store");
    return c.json({ data: { id: row.id, email: row.email, role: row.role, created_at: iso(row.createdAt) } }, 200);
  });

  app.openapi(sessionsRoute, async (c) => {
    const { services } = c.var;
    const p = await principalOf(c);
    if (p.kind !== "session") throw ProblemError.of("SESSION_REQUIRED", "Sign in first.");
    const rows = await listSessions({
      deps: { db: services.db, now: services.clock.now() },
      input: { accountId: p.session.accountId },
    });
    c.header("Cache-Control", "private, no-store");
    return c.json(
      {
        data: rows.map((s) => ({
          id: s.id,
          kind: s.kind,
          current: s.id === p.session.sessionId,
          user_agent: s.userAgent,
          created_at: iso(s.createdAt),
          last_seen_at: iso(s.lastSeenAt),
          expires_at: iso(s.expiresAt),
        })),
      },
      200,
    );
  });

  app.openapi(revokeRoute, async (c) => {
    const p = await principalOf(c);
    if (p.kind !== "session") throw ProblemError.of("SESSION_REQUIRED", "Sign in first.");
    const { id } = c.req.valid("param");
    const revoked = await revokeSession({
      deps: c.var.services,
      input: { accountId: p.session.accountId, sessionId: id },
    });
    if (!revoked) throw ProblemError.of("SESSION_NOT_FOUND", `The account has no session '${id}'.`);
    return c.body(null, 204);
  });
}
