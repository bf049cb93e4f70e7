import { createRoute, z } from "@hono/zod-openapi";
import { deleteCookie } from "hono/cookie";
import { requestErasure } from "../../accounts/erasure";
import { exportAccount } from "../../accounts/export";
import { SESSION_COOKIE } from "../../accounts/policy";
import type { App } from "../../api/context";
import { access, signedInSession } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError, valueOrProblem } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
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

const eraseRoute = createRoute({
  method: "delete",
  path: "/v1/me",
  operationId: "eraseMe",
  tags: ["accounts"],
  summary: "Erase the account: signed out everywhere now, bookings anonymised in the background",
  description:
    "Sessions, API keys and passkeys are deleted at once and the address is replaced; the bookings' travellers, " +
    "contact address and emails are anonymised by a queued job, while amounts, references and payments stay for " +
    "accounting. Refused with `ACCOUNT_HAS_UPCOMING_BOOKINGS` (and their `references`) while a booking is to come.",
  middleware: [rateLimit("write"), access.signedIn()] as const,
  responses: {
    202: {
      description: "Erasure under way; this session has ended",
      content: {
        "application/json": {
          schema: z.object({ data: z.object({ id: z.string(), status: z.literal("erasing") }) }),
        },
      },
    },
    ...problemResponses(404, 409),
  },
});

export function registerMeDataRoutes(app: App): void {
  app.openapi(eraseRoute, async (c) => {
    const session = await signedInSession(c);
    const { db, clock, log } = c.var.services;
    const done = valueOrProblem(
      await requestErasure({
        deps: { db, d1: c.env.DB, now: clock.now(), accountJobs: c.env.ACCOUNT_JOBS, log },
        input: { accountId: session.accountId },
      }),
    );
    if (session.kind === "cookie") deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    c.header("Cache-Control", "no-store");
    return c.json({ data: { id: done.accountId, status: "erasing" as const } }, 202);
  });

  app.openapi(exportRoute, async (c) => {
    const session = await signedInSession(c);
    const exported = await exportAccount(c.var.services.db, session.accountId);
    if (!exported) throw ProblemError.of("UNAUTHENTICATED", "The account no longer exists.");
    c.header("Cache-Control", "private, no-store");
    c.header("Content-Disposition", `attachment; filename="edgefare-${session.accountId}.json"`);
    return c.json(exported, 200);
  });
}
