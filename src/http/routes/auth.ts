import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie } from "hono/cookie";
import { spendSignInAttempt } from "../../accounts/attempts";
import { consumeMagicLink, requestMagicLink } from "../../accounts/magic-links";
import { ACCOUNT_POLICY, SESSION_COOKIE } from "../../accounts/policy";
import { createSession, revokeSession, rotateSession } from "../../accounts/sessions";
import type { App, HttpEnv } from "../../api/context";
import { access } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { principalOf, setSessionCookie } from "../../api/principal";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import { enqueueOutboxEmails } from "../../notifications/outbox";
import { authFailureGuard } from "../../ratelimit/auth-failures";
import { budgetId } from "../../ratelimit/caller";
import { resolvePolicy } from "../../ratelimit/policy";
import { confirmPage } from "./auth-confirm-page";

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

const Email = z.email().max(254).openapi({ example: "ada@example.com" });
const Mode = z.enum(["cookie", "bearer"]).default("cookie").openapi({
  description: "`cookie` (browsers: an HttpOnly `__Host-` cookie) or `bearer` (apps: the token in the body)",
});

const SessionSchema = z
  .object({
    id: z.string().openapi({ example: "ses_Qm9vb2tzIGFyZSBncmVhdA" }),
    expires_at: z.string(),
    token: z
      .string()
      .optional()
      .openapi({ description: "Bearer mode only: `Authorization: Bearer <token>`; shown once" }),
  })
  .openapi("Session");

const linkRoute = createRoute({
  method: "post",
  path: "/v1/auth/magic-link",
  operationId: "requestMagicLink",
  tags: ["accounts"],
  summary: "Email a single-use sign-in link (signs up on first use)",
  description:
    "The answer is the same whether or not the address has an account. 5 attempts per 15 minutes per address and per network.",
  middleware: [rateLimit("write"), access.open(null)] as const,
  request: { body: { required: true, content: { "application/json": { schema: z.object({ email: Email }) } } } },
  responses: {
    202: {
      description: "If the address can receive it, a link is on its way",
      content: { "application/json": { schema: z.object({ data: z.object({ status: z.literal("sent") }) }) } },
    },
    ...problemResponses(429),
  },
});

const confirmRoute = createRoute({
  method: "get",
  path: "/v1/auth/magic-link",
  operationId: "confirmMagicLinkPage",
  tags: ["accounts"],
  summary: "The page the emailed link opens: one button that signs in (the GET itself consumes nothing)",
  middleware: [rateLimit("lookup"), access.open(null)] as const,
  request: { query: z.object({ token: z.string().max(64).optional() }) },
  responses: { 200: { description: "A confirm page", content: { "text/html": { schema: z.string() } } } },
});

const verifyRoute = createRoute({
  method: "post",
  path: "/v1/auth/magic-link/verify",
  operationId: "verifyMagicLink",
  tags: ["accounts"],
  summary: "Use a sign-in link's token: starts a session (cookie or bearer)",
  middleware: [rateLimit("write"), access.open(null)] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: z.object({ token: z.string().max(64), mode: Mode }) },
      },
    },
  },
  responses: {
    200: {
      description: "Signed in",
      content: {
        "application/json": {
          schema: z.object({
            data: z.object({
              account: z.object({ id: z.string(), role: z.enum(["traveller", "organiser", "admin"]) }),
              created: z.boolean().openapi({ description: "The link created the account" }),
              session: SessionSchema,
            }),
          }),
        },
      },
    },
    ...problemResponses(400, 429),
  },
});

const signOutRoute = createRoute({
  method: "post",
  path: "/v1/auth/sign-out",
  operationId: "signOut",
  tags: ["accounts"],
  summary: "End the current session (its cookie or token stops working at once)",
  middleware: [rateLimit("write"), access.signedIn()] as const,
  responses: { 204: { description: "Signed out" } },
});

const rotateRoute = createRoute({
  method: "post",
  path: "/v1/auth/session/rotate",
  operationId: "rotateSession",
  tags: ["accounts"],
  summary: "A new token for the current session; the old one stops working at once",
  middleware: [rateLimit("write"), access.signedIn()] as const,
  responses: {
    200: {
      description: "The new token (bearer sessions) or a new cookie (browser sessions)",
      content: { "application/json": { schema: z.object({ data: SessionSchema }) } },
    },
  },
});

export function registerAuthRoutes(app: App): void {
  app.openapi(linkRoute, async (c) => {
    const { services } = c.var;
    const { email } = c.req.valid("json");
    await spendAttempt(c, email);
    await requestMagicLink({
      deps: {
        db: services.db,
        now: services.clock.now(),
        enqueueEmails: (ids) => enqueueOutboxEmails(services.env.EMAIL_JOBS, ids, services.log),
      },
      input: { email, purpose: "sign_in", accountId: null, linkBase: new URL("/v1/auth/magic-link", c.req.url).href },
    });
    return c.json({ data: { status: "sent" as const } }, 202);
  });

  app.openapi(confirmRoute, (c) => {
    // The token stays in the page; Referrer-Policy: no-referrer (secureHeaders) keeps it out of other sites' logs.
    c.header("Cache-Control", "no-store");
    return c.html(confirmPage(c.req.valid("query").token ?? ""), 200);
  });

  app.openapi(verifyRoute, async (c) => {
    const { services } = c.var;
    const { token, mode } = c.req.valid("json");
    await spendAttempt(c);
    const now = services.clock.now();
    const consumed = await consumeMagicLink({ deps: { db: services.db, now }, input: { token } });
    if (!consumed.ok) {
      await authFailed(c, "magic_link");
      throw new ProblemError(consumed.error);
    }
    const { accountId, role, created } = consumed.value;
    await endBroughtSession(c);
    const session = await createSession({
      deps: { db: services.db, now },
      input: { accountId, kind: mode, userAgent: c.req.header("user-agent") ?? null },
    });
    if (mode === "cookie") setSessionCookie(c, session.token, session.expiresAt, now);
    const shown = {
      id: session.id,
      expires_at: iso(session.expiresAt),
      ...(mode === "bearer" ? { token: session.token } : {}),
    };
    c.header("Cache-Control", "no-store");
    return c.json({ data: { account: { id: accountId, role }, created, session: shown } }, 200);
  });

  app.openapi(signOutRoute, async (c) => {
    const p = await principalOf(c);
    if (p.kind === "session") {
      await revokeSession({
        deps: c.var.services,
        input: { accountId: p.session.accountId, sessionId: p.session.sessionId },
      });
    }
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return c.body(null, 204);
  });

  app.openapi(rotateRoute, async (c) => {
    const { services } = c.var;
    const p = await principalOf(c);
    if (p.kind !== "session") throw ProblemError.of("SESSION_REQUIRED", "Sign in first.");
    const now = services.clock.now();
    const rotated = await rotateSession({ deps: { db: services.db, now }, input: { sessionId: p.session.sessionId } });
    if (!rotated) throw ProblemError.of("UNAUTHENTICATED", "The session has ended.");
    c.header("Cache-Control", "no-store");
    if (p.session.kind === "cookie") {
      setSessionCookie(c, rotated.token, rotated.expiresAt, now);
      return c.json({ data: { id: rotated.id, expires_at: iso(rotated.expiresAt) } }, 200);
    }
    return c.json({ data: { id: rotated.id, expires_at: iso(rotated.expiresAt), token: rotated.token } }, 200);
  });
}

/** A session the browser already had is ended: a sign-in never continues a session it did not mint. */
export async function endBroughtSession(c: Context<HttpEnv>): Promise<void> {
  const before = await principalOf(c);
  if (before.kind !== "session") return;
  await revokeSession({
    deps: c.var.services,
    input: { accountId: before.session.accountId, sessionId: before.session.sessionId },
  });
}

/** 5 per 15 minutes per network, and per address when there is one; a refusal is 429. */
export async function spendAttempt(c: Context<HttpEnv>, email?: string): Promise<void> {
  const { services } = c.var;
  const network = c.var.caller.ip;
  const outcome = await spendSignInAttempt({
    deps: { db: services.db, now: services.clock.now() },
    input: { network, ...(email ? { email: email.trim().toLowerCase() } : {}) },
  });
  if (outcome.allowed) return;
  const { requests, windowSeconds } = ACCOUNT_POLICY.signInAttempts;
  throw new ProblemError(
    {
      code: "RATE_LIMITED",
      detail: `Too many sign-in attempts: the budget is ${requests} per ${windowSeconds} s per address and per network. Retry in ${outcome.retryAfter} s.`,
      extra: { policy: "sign_in", retry_after: outcome.retryAfter },
    },
    { "Retry-After": String(outcome.retryAfter) },
  );
}

/** Misuse of a link or a passkey spends the network's `auth` budget like a wrong key. */
export async function authFailed(c: Context<HttpEnv>, credential: string): Promise<void> {
  const { env, clock, log } = c.var.services;
  const guard = authFailureGuard({ policy: resolvePolicy("auth", env), env, now: () => clock.now(), log });
  const caller = budgetId(c.var.caller);
  await guard.fail(caller);
  log.warn("auth_failed", { credential, caller, path: c.req.path });
}
