import type { Context } from "hono";
import type { HttpEnv } from "../../api/context";
import { principalOf } from "../../api/principal";

/** Who is using the console: an organiser (their own inventory) or an admin (everything). */
export interface ConsoleUser {
  email: string;
  role: "organiser" | "admin";
}

export type ConsoleAccess =
  | { ok: true; user: ConsoleUser }
  | { ok: false; reason: "sign-in" | "traveller" | "not-a-browser-session" };

/**
 * The console is for people signed in by browser session (src/accounts: magic link or passkey)
 * whose account is an organiser's or an admin's. No session, or one that has ended: sign in. A
 * traveller's session, a partner key or the bootstrap key: not for the console (keys use the API).
 */
export async function consoleAccess(c: Context<HttpEnv>): Promise<ConsoleAccess> {
  const p = await principalOf(c);
  if (p.kind === "anonymous" || p.kind === "invalid") return { ok: false, reason: "sign-in" };
  if (p.kind !== "session" || p.via !== "cookie") return { ok: false, reason: "not-a-browser-session" };
  const { role, email } = p.session;
  if (role === "organiser" || role === "admin") return { ok: true, user: { email, role } };
  return { ok: false, reason: "traveller" };
}

/**
 * The sign-in page, told to come back here (a path of ours, never another site). A form post
 * comes back to the page the form was on (`back`), since a post cannot be replayed by a link.
 */
export function signInUrl(c: Context<HttpEnv>, back?: string): string {
  const url = new URL(c.req.url);
  return `/sign-in?next=${encodeURIComponent(back ?? `${url.pathname}${url.search}`)}`;
}
