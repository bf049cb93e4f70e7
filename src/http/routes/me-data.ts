import { createRoute } from "@hono/zod-openapi";
import { exportAccount } from "../../accounts/export";
import type { App } from "../../api/context";
import { access, signedInSession } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { AccountExportSchema } from "../schemas/me";

const exportRoute = createRoute({
  method: "get",
  path: "/v1/me/export",
  operationId: "exportMe",
  tags: ["accounts"],
  summary: "Everything stored about the account, as a JSON download",
  description:
    "Profile, sessions, API keys and passkeys (no secrets, no hashes), bookings with their travellers, " +
    "payments and timeline, and the emails sent (sign-in emails without their body).",
  middleware: [rateLimit("lookup"), access.signedIn()] as const,
  responses: {
    200: {
      description: "The export (Content-Disposition: attachment)",
      content: { "application/json": { schema: AccountExportSchema } },
      headers: { "Content-Disposition": { schema: { type: "string" as const } } },
    },
  },
});

export function registerMeDataRoutes(app: App): void {
  app.openapi(exportRoute, async (c) => {
    const session = await signedInSession(c);
    const exported = await exportAccount(c.var.services.db, session.accountId);
    if (!exported) throw ProblemError.of("UNAUTHENTICATED", "The account no longer exists.");
    c.header("Cache-Control", "private, no-store");
    c.header("Content-Disposition", `attachment; filename="edgefare-${session.accountId}.json"`);
    return c.json(exported, 200);
  });
}
