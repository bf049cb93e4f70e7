import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { VerifiedApiKey } from "../accounts/api-keys";
import { SESSION_COOKIE, SESSION_TOKEN_PREFIX } from "../accounts/policy";
import { resolveSession, type SessionPrincipal } from "../accounts/sessions";
import type { Role } from "../db/schema";
import { constantTimeEqual } from "../lib/constant-time";
import type { HttpEnv } from "./context";

/**
 * Who is acting, resolved on first use by the access checks (public routes never pay for it):
 * - a verified partner key (already verified for budgets by the request context);
 * - a session, from `Authorization: Bearer efs_…` or the `__Host-ef_session` cookie;
 * - the bootstrap admin key (`ADMIN_API_KEY`, a secret) as `Authorization: Bearer <key>`;
 * - nobody.
 * A credential that was sent but does not verify is `invalid`: the caller said who it is and
 * could not prove it, which is never the same as anonymous.
 */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "invalid"; credential: "session" | "bearer" }
  | { kind: "session"; session: SessionPrincipal; via: "cookie" | "bearer" }
  | { kind: "key"; key: VerifiedApiKey }
  | { kind: "bootstrap" };

export async function principalOf(c: Context<HttpEnv>): Promise<Principal> {
  const known = c.get("principal");
  if (known) return known;
  const principal = await resolve(c);
  c.set("principal", principal);
  return principal;
}

async function resolve(c: Context<HttpEnv>): Promise<Principal> {
  const key = c.get("apiKey");
  if (key) return { kind: "key", key };
  const { db, clock, env } = c.var.services;
  const deps = { db, now: clock.now() };
  const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  if (bearer) {
    if (bearer.startsWith(SESSION_TOKEN_PREFIX)) {
      const session = await resolveSession({ deps, input: { token: bearer } });
      return session ? { kind: "session", session, via: "bearer" } : { kind: "invalid", credential: "session" };
    }
    const expected = env.ADMIN_API_KEY;
    if (expected && (await constantTimeEqual(bearer, expected))) return { kind: "bootstrap" };
    return { kind: "invalid", credential: "bearer" };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    const session = await resolveSession({ deps, input: { token: cookie } });
    if (!session) return { kind: "invalid", credential: "session" };
    // The expiry slid: the browser must hear of it, or the cookie would die before the session.
    if (session.renewed) setSessionCookie(c, cookie, session.expiresAt, deps.now);
    return { kind: "session", session, via: "cookie" };
  }
  return { kind: "anonymous" };
}

/** The account a principal acts for, if any. */
export function accountOf(p: Principal): { accountId: string; role: Role } | null {
  if (p.kind === "session") return { accountId: p.session.accountId, role: p.session.role };
  if (p.kind === "key") return { accountId: p.key.accountId, role: p.key.role };
  return null;
}

/** `__Host-`: Secure, Path=/, no Domain, so no subdomain can set or shadow it. */
export function setSessionCookie(c: Context<HttpEnv>, token: string, expiresAt: number, nowMs: number): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    maxAge: Math.max(0, expiresAt - Math.floor(nowMs / 1000)),
  });
}
