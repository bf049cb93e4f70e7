import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { Role } from "../../src/db/schema";
import { api } from "./app-client";
import { uniqueCaller } from "./limited-app";

export const uniqueEmail = (tag = "ada") => `${tag}.${crypto.randomUUID().slice(0, 8)}@example.com`;

/** The token of the newest sign-in link emailed to `email`, read from the outbox. */
export async function linkTokenFor(email: string): Promise<string> {
  const row = await env.DB.prepare(
    "SELECT text_body FROM email_outbox WHERE to_address = ? AND kind = 'sign_in_link' ORDER BY created_at DESC, rowid DESC LIMIT 1",
  )
    .bind(email)
    .first<{ text_body: string }>();
  const token = /[?&]token=([A-Za-z0-9_-]{43})/.exec(row?.text_body ?? "")?.[1];
  if (!token) throw new Error(`no sign-in link for ${email}`);
  return token;
}

export async function requestLink(email: string, ip = uniqueCaller().ip): Promise<Response> {
  return api("/v1/auth/magic-link", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": ip },
    body: JSON.stringify({ email }),
  });
}

export async function verifyLink(
  token: string,
  mode: "cookie" | "bearer",
  headers: Record<string, string> = {},
): Promise<Response> {
  return api("/v1/auth/magic-link/verify", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip, ...headers },
    body: JSON.stringify({ token, mode }),
  });
}

export interface SignedIn {
  email: string;
  accountId: string;
  sessionId: string;
  /** `Authorization` header value. */
  bearer: string;
}

/** Signs up (or in) through the emailed link, as an app: a bearer session. */
export async function signIn(email = uniqueEmail(), role: Role = "traveller"): Promise<SignedIn> {
  expect((await requestLink(email)).status).toBe(202);
  const res = await verifyLink(await linkTokenFor(email), "bearer");
  expect(res.status).toBe(200);
  const { data } = await res.json<{ data: { account: { id: string }; session: { id: string; token: string } } }>();
  if (role !== "traveller") {
    await env.DB.prepare("UPDATE accounts SET role = ? WHERE id = ?").bind(role, data.account.id).run();
  }
  return { email, accountId: data.account.id, sessionId: data.session.id, bearer: `Bearer ${data.session.token}` };
}

/** Signs in as a browser: the `Cookie` header value. */
export async function signInWithCookie(email = uniqueEmail()): Promise<{ cookie: string; setCookie: string }> {
  expect((await requestLink(email)).status).toBe(202);
  const res = await verifyLink(await linkTokenFor(email), "cookie");
  expect(res.status).toBe(200);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const value = /^(__Host-ef_session=[^;]+)/.exec(setCookie)?.[1];
  if (!value) throw new Error(`no session cookie in ${setCookie}`);
  return { cookie: value, setCookie };
}

/** A partner key of a signed-in account. */
export async function createKey(
  owner: SignedIn,
  body: { scopes: string[]; rate_limit_per_minute?: number | null; expires_at?: string | null; name?: string },
): Promise<{ id: string; key: string }> {
  const res = await api("/v1/api-keys", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: owner.bearer, "cf-connecting-ip": uniqueCaller().ip },
    body: JSON.stringify({ name: "partner", ...body }),
  });
  expect(res.status).toBe(201);
  const { data } = await res.json<{ data: { id: string; key: string } }>();
  return data;
}

export async function problemOf(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const { request_id, instance, type, title, ...rest } = await res.json<Record<string, unknown>>();
  return { status: res.status, ...rest };
}
