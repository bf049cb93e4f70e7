import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/lib/encoding";
import {
  linkTokenFor,
  problemOf,
  requestLink,
  signIn,
  signInWithCookie,
  uniqueEmail,
  verifyLink,
} from "./support/accounts";
import { api } from "./support/app-client";
import { uniqueCaller } from "./support/limited-app";

const get = (path: string, headers: Record<string, string>) =>
  api(path, { headers: { "cf-connecting-ip": uniqueCaller().ip, ...headers } });
const post = (path: string, headers: Record<string, string>) =>
  api(path, { method: "POST", headers: { "cf-connecting-ip": uniqueCaller().ip, ...headers } });

const INVALID_LINK = {
  status: 400,
  code: "MAGIC_LINK_INVALID",
  detail: "This link is not valid: it was used already, has expired, or is wrong.",
};
const INVALID_CREDENTIAL = {
  status: 401,
  code: "UNAUTHENTICATED",
  detail: "The credential is not valid: unknown, expired or revoked.",
};

describe("sign-in by emailed link", () => {
  it("answers a known and an unknown address the same way, and emails a link through the outbox", async () => {
    const known = await signIn();
    const unknown = uniqueEmail("nobody");
    const answers = await Promise.all([requestLink(known.email), requestLink(unknown)]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    expect(bodies[0]).toEqual(bodies[1]);
    expect(bodies[0]).toEqual({ data: { status: "sent" } });
    const row = await env.DB.prepare(
      "SELECT kind, status, subject FROM email_outbox WHERE to_address = ? ORDER BY created_at DESC LIMIT 1",
    )
      .bind(unknown)
      .first();
    expect(row).toEqual({ kind: "sign_in_link", status: expect.any(String), subject: "Your edgefare sign-in link" });
    // Only the hash of the token is stored.
    const token = await linkTokenFor(unknown);
    const stored = await env.DB.prepare("SELECT token_hash FROM magic_links WHERE email = ?").bind(unknown).all();
    expect(JSON.stringify(stored.results)).not.toContain(token);
  });

  it("creates the account on first use and signs the same account in later", async () => {
    const email = uniqueEmail();
    await requestLink(email);
    const first = await verifyLink(await linkTokenFor(email), "bearer");
    const a = await first.json<{ data: { account: { id: string; role: string }; created: boolean } }>();
    expect(a.data.created).toBe(true);
    expect(a.data.account.role).toBe("traveller");
    await requestLink(email.toUpperCase());
    const second = await verifyLink(await linkTokenFor(email), "bearer");
    const b = await second.json<{ data: { account: { id: string }; created: boolean } }>();
    expect(b.data).toMatchObject({ created: false, account: { id: a.data.account.id } });
  });

  it("shows a confirm page on GET that consumes nothing (mail scanners follow links)", async () => {
    const email = uniqueEmail();
    await requestLink(email);
    const token = await linkTokenFor(email);
    const page = await get(`/v1/auth/magic-link?token=${token}`, {});
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain(`data-token="${token}"`);
    expect((await verifyLink(token, "bearer")).status).toBe(200);
  });

  it("refuses a stolen link used a second time, and lets exactly one of eight concurrent clicks win", async () => {
    const email = uniqueEmail();
    await requestLink(email);
    const token = await linkTokenFor(email);
    const clicks = await Promise.all(Array.from({ length: 8 }, () => verifyLink(token, "bearer")));
    expect(clicks.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400, 400, 400, 400]);
    expect(await problemOf(await verifyLink(token, "bearer"))).toEqual(INVALID_LINK);
  });

  it("refuses an expired link", async () => {
    const email = uniqueEmail();
    await requestLink(email);
    const token = await linkTokenFor(email);
    await env.DB.prepare("UPDATE magic_links SET expires_at = 1 WHERE email = ?").bind(email).run();
    expect(await problemOf(await verifyLink(token, "bearer"))).toEqual(INVALID_LINK);
  });

  it("limits requests to 5 per 15 minutes per address (from any network) and per network (for any address)", async () => {
    const email = uniqueEmail();
    const perAddress = [];
    for (let i = 0; i < 6; i++) perAddress.push((await requestLink(email)).status);
    expect(perAddress).toEqual([202, 202, 202, 202, 202, 429]);
    const ip = uniqueCaller().ip;
    const perNetwork = [];
    for (let i = 0; i < 6; i++) perNetwork.push((await requestLink(uniqueEmail(), ip)).status);
    expect(perNetwork).toEqual([202, 202, 202, 202, 202, 429]);
    const refused = await requestLink(email);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await problemOf(refused)).toMatchObject({ status: 429, code: "RATE_LIMITED", policy: "sign_in" });
  });
});

describe("sessions", () => {
  it("sets the browser cookie HttpOnly, Secure, SameSite=Lax, Path=/ with the __Host- prefix", async () => {
    const { setCookie } = await signInWithCookie();
    expect(setCookie).toMatch(
      /^__Host-ef_session=efs_[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  it("slides a session used with less than half its life left, and tells the browser the new expiry", async () => {
    const { cookie } = await signInWithCookie();
    const token = cookie.slice("__Host-ef_session=".length);
    const dayFromNow = Math.floor(Date.now() / 1000) + 86_400;
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?")
      .bind(dayFromNow, await sha256Hex(token))
      .run();
    const res = await get("/v1/me", { cookie });
    expect(res.status).toBe(200);
    const maxAge = Number(/Max-Age=(\d+)/.exec(res.headers.get("set-cookie") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(29 * 86_400);
    expect((await get("/v1/me", { cookie })).headers.get("set-cookie")).toBeNull();
  });

  it("gives an app a bearer token that opens /v1/me, and never a cookie", async () => {
    const email = uniqueEmail();
    await requestLink(email);
    const res = await verifyLink(await linkTokenFor(email), "bearer");
    expect(res.headers.get("set-cookie")).toBeNull();
    const { data } = await res.json<{ data: { session: { token: string } } }>();
    const me = await get("/v1/me", { authorization: `Bearer ${data.session.token}` });
    expect(me.status).toBe(200);
    expect((await me.json<{ data: { email: string } }>()).data.email).toBe(email);
  });

  it("refuses anonymous, unknown and expired sessions with 401", async () => {
    expect(await problemOf(await get("/v1/me", {}))).toEqual({
      status: 401,
      code: "UNAUTHENTICATED",
      detail: "Sign in (a session cookie or `Authorization: Bearer efs_…`), or send an API key.",
    });
    const made_up = `Bearer efs_${"A".repeat(43)}`;
    expect(await problemOf(await get("/v1/me", { authorization: made_up }))).toEqual(INVALID_CREDENTIAL);
    const user = await signIn();
    await env.DB.prepare("UPDATE sessions SET expires_at = 1 WHERE id = ?").bind(user.sessionId).run();
    expect(await problemOf(await get("/v1/me", { authorization: user.bearer }))).toEqual(INVALID_CREDENTIAL);
  });

  it("signs out: the token stops working at once", async () => {
    const user = await signIn();
    expect((await post("/v1/auth/sign-out", { authorization: user.bearer })).status).toBe(204);
    expect(await problemOf(await get("/v1/me", { authorization: user.bearer }))).toEqual(INVALID_CREDENTIAL);
  });

  it("lists the account's sessions and revokes one device without touching the others or another account's", async () => {
    const email = uniqueEmail();
    const phone = await signIn(email);
    const laptop = await signIn(email);
    const stranger = await signIn();
    const list = await get("/v1/me/sessions", { authorization: laptop.bearer });
    const { data } = await list.json<{ data: { id: string; current: boolean; kind: string }[] }>();
    // Listed oldest first; two sessions made within one second tie on created_at (whole seconds).
    const byId = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(data.map((s) => [s.id, s.current, s.kind]).sort(byId)).toEqual(
      [
        [phone.sessionId, false, "bearer"],
        [laptop.sessionId, true, "bearer"],
      ].sort(byId),
    );
    const del = (id: string, who = laptop) =>
      api(`/v1/me/sessions/${id}`, { method: "DELETE", headers: { authorization: who.bearer } });
    expect(await problemOf(await del(stranger.sessionId))).toEqual({
      status: 404,
      code: "SESSION_NOT_FOUND",
      detail: `The account has no session '${stranger.sessionId}'.`,
    });
    expect((await get("/v1/me", { authorization: stranger.bearer })).status).toBe(200);
    expect((await del(phone.sessionId)).status).toBe(204);
    expect((await get("/v1/me", { authorization: phone.bearer })).status).toBe(401);
    expect((await get("/v1/me", { authorization: laptop.bearer })).status).toBe(200);
  });

  it("rotates a bearer token: the new one works, the old one is refused", async () => {
    const user = await signIn();
    const res = await post("/v1/auth/session/rotate", { authorization: user.bearer });
    const { data } = await res.json<{ data: { id: string; token: string } }>();
    expect(data.id).toBe(user.sessionId);
    expect((await get("/v1/me", { authorization: `Bearer ${data.token}` })).status).toBe(200);
    expect((await get("/v1/me", { authorization: user.bearer })).status).toBe(401);
  });

  it("rotates a cookie session: a new cookie, and the old one is refused", async () => {
    const { cookie } = await signInWithCookie();
    const res = await post("/v1/auth/session/rotate", { cookie, origin: "https://edgefare.test" });
    expect(res.status).toBe(200);
    const { data } = await res.json<{ data: Record<string, unknown> }>();
    expect(data).toEqual({ id: expect.stringMatching(/^ses_/), expires_at: expect.any(String) });
    const fresh = /^(__Host-ef_session=[^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1] ?? "";
    expect(fresh).not.toBe(cookie);
    expect((await get("/v1/me", { cookie: fresh })).status).toBe(200);
    expect(await problemOf(await get("/v1/me", { cookie }))).toEqual(INVALID_CREDENTIAL);
  });

  it("ends a session 90 days after its sign-in, however often it is used or rotated", async () => {
    const user = await signIn();
    const now = Math.floor(Date.now() / 1000);
    const signedInAt = now - 89 * 86_400;
    await env.DB.prepare("UPDATE sessions SET created_at = ?, expires_at = ? WHERE id = ?")
      .bind(signedInAt, now + 3600, user.sessionId)
      .run();
    const expiry = async () =>
      (await env.DB.prepare("SELECT expires_at AS at FROM sessions WHERE id = ?").bind(user.sessionId).first())?.at;
    // Used, it slides only up to its absolute end (a day from now), not 30 days on.
    expect((await get("/v1/me", { authorization: user.bearer })).status).toBe(200);
    expect(await expiry()).toBe(signedInAt + 90 * 86_400);
    const rotated = await post("/v1/auth/session/rotate", { authorization: user.bearer });
    const { data } = await rotated.json<{ data: { token: string; expires_at: string } }>();
    expect(data.expires_at).toBe(new Date((signedInAt + 90 * 86_400) * 1000).toISOString());
    await env.DB.prepare("UPDATE sessions SET created_at = ?, expires_at = ? WHERE id = ?")
      .bind(now - 90 * 86_400, now, user.sessionId)
      .run();
    expect(await problemOf(await get("/v1/me", { authorization: `Bearer ${data.token}` }))).toEqual(INVALID_CREDENTIAL);
  });

  it("never continues a session the browser brought to sign-in (fixation): it is ended and a new one minted", async () => {
    const planted = await signInWithCookie();
    const email = uniqueEmail("victim");
    await requestLink(email);
    const res = await verifyLink(await linkTokenFor(email), "cookie", {
      cookie: planted.cookie,
      origin: "https://edgefare.test",
    });
    const fresh = /^(__Host-ef_session=[^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(planted.cookie);
    expect((await get("/v1/me", { cookie: planted.cookie })).status).toBe(401);
    const me = await get("/v1/me", { cookie: fresh ?? "" });
    expect((await me.json<{ data: { email: string } }>()).data.email).toBe(email);
  });

  it("refuses a cookie-authenticated write from another site (CSRF), and accepts it from this origin", async () => {
    const { cookie } = await signInWithCookie();
    const foreign = await post("/v1/auth/sign-out", { cookie, origin: "https://evil.example" });
    expect(await problemOf(foreign)).toEqual({
      status: 403,
      code: "CROSS_SITE_REQUEST",
      detail: "Writes signed in by cookie must come from this site; apps use a bearer token.",
    });
    expect((await post("/v1/auth/sign-out", { cookie })).status).toBe(403);
    expect((await get("/v1/me", { cookie })).status).toBe(200);
    expect((await post("/v1/auth/sign-out", { cookie, origin: "https://edgefare.test" })).status).toBe(204);
    expect((await get("/v1/me", { cookie })).status).toBe(401);
  });
});
