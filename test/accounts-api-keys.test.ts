import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/lib/encoding";
import { createKey, problemOf, signIn } from "./support/accounts";
import { api, appClient } from "./support/app-client";
import { uniqueCaller, warmLimiter } from "./support/limited-app";
import { envWithRedis } from "./support/redis";
import { futureDay } from "./support/search-fixtures";

const search = (headers: Record<string, string>, client = api) =>
  client(`/v1/places?q=lon`, { headers: { "cf-connecting-ip": uniqueCaller().ip, ...headers } });

const INVALID_KEY = {
  status: 401,
  code: "UNAUTHENTICATED",
  detail: "The API key is not valid: unknown, revoked or expired.",
};

describe("partner API keys", () => {
  it("are shown once with a visible prefix, stored as a hash, listed without the secret", async () => {
    const partner = await signIn();
    const { id, key } = await createKey(partner, { scopes: ["search", "book"] });
    expect(key).toMatch(/^efk_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);
    const row = await env.DB.prepare("SELECT prefix, secret_hash FROM api_keys WHERE id = ?").bind(id).first();
    expect(row).toEqual({ prefix: key.slice(0, 12), secret_hash: await sha256Hex(key.slice(13)) });
    const list = await api("/v1/api-keys", { headers: { authorization: partner.bearer } });
    const text = await list.text();
    expect(text).not.toContain(key.slice(13));
    expect(JSON.parse(text).data).toEqual([
      expect.objectContaining({ id, prefix: key.slice(0, 12), scopes: ["search", "book"], last_used_at: null }),
    ]);
  });

  it("work as X-Api-Key or as a bearer token, and record when they were last used", async () => {
    const partner = await signIn();
    const { id, key } = await createKey(partner, { scopes: ["search"] });
    expect((await search({ "x-api-key": key })).status).toBe(200);
    expect((await search({ authorization: `Bearer ${key}` })).status).toBe(200);
    const row = await env.DB.prepare("SELECT last_used_at FROM api_keys WHERE id = ?")
      .bind(id)
      .first<{ last_used_at: number }>();
    expect(row?.last_used_at).toBeGreaterThan(0);
  });

  it("refuse an operation outside their scopes with 403, and are refused on account routes", async () => {
    const partner = await signIn();
    const { key } = await createKey(partner, { scopes: ["book"] });
    expect(await problemOf(await search({ "x-api-key": key }))).toEqual({
      status: 403,
      code: "INSUFFICIENT_SCOPE",
      detail: "This API key lacks the 'search' scope.",
      required_scope: "search",
    });
    const me = await api("/v1/me", { headers: { "x-api-key": key, "cf-connecting-ip": uniqueCaller().ip } });
    expect(await problemOf(me)).toEqual({
      status: 403,
      code: "SESSION_REQUIRED",
      detail: "Sign in: this operation is for account holders, not API keys.",
    });
  });

  it("are 401 when unknown, revoked or expired: never a fresh anonymous budget", async () => {
    const partner = await signIn();
    const revoked = await createKey(partner, { scopes: ["search"] });
    const expired = await createKey(partner, { scopes: ["search"] });
    const del = await api(`/v1/api-keys/${revoked.id}`, {
      method: "DELETE",
      headers: { authorization: partner.bearer },
    });
    expect(del.status).toBe(204);
    await env.DB.prepare("UPDATE api_keys SET expires_at = 1 WHERE id = ?").bind(expired.id).run();
    const forged = `${revoked.key.slice(0, 13)}${"A".repeat(43)}`;
    for (const key of [revoked.key, expired.key, forged, "efk_nothing", "made-up"]) {
      expect(await problemOf(await search({ "x-api-key": key })), key).toEqual(INVALID_KEY);
    }
  });

  it("let only organisers and admins grant manage:inventory, and check expiry dates", async () => {
    const traveller = await signIn();
    const post = (who: typeof traveller, body: object) =>
      api("/v1/api-keys", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: who.bearer },
        body: JSON.stringify({ name: "k", ...body }),
      });
    expect(await problemOf(await post(traveller, { scopes: ["manage:inventory"] }))).toEqual({
      status: 403,
      code: "FORBIDDEN",
      detail: "A traveller may not create keys with the scope 'manage:inventory'.",
    });
    const organiser = await signIn(undefined, "organiser");
    expect((await post(organiser, { scopes: ["manage:inventory"] })).status).toBe(201);
    const past = await post(organiser, { scopes: ["search"], expires_at: "2020-01-01T00:00:00Z" });
    expect((await problemOf(past)).code).toBe("VALIDATION_FAILED");
    const later = await post(organiser, { scopes: ["search"], expires_at: `${futureDay(30).date}T00:00:00Z` });
    expect(later.status).toBe(201);
  });

  it("revoke only the account's own keys", async () => {
    const owner = await signIn();
    const other = await signIn();
    const { id, key } = await createKey(owner, { scopes: ["search"] });
    const del = await api(`/v1/api-keys/${id}`, { method: "DELETE", headers: { authorization: other.bearer } });
    expect(await problemOf(del)).toEqual({
      status: 404,
      code: "API_KEY_NOT_FOUND",
      detail: `The account has no active key '${id}'.`,
    });
    expect((await search({ "x-api-key": key })).status).toBe(200);
  });

  it("spend a budget of their own, set per key, apart from the network's", async () => {
    const bindings = envWithRedis(env);
    await warmLimiter(bindings);
    const client = appClient(bindings);
    const partner = await signIn();
    const { key } = await createKey(partner, { scopes: ["search"], rate_limit_per_minute: 2 });
    const ip = uniqueCaller().ip;
    const statuses: number[] = [];
    const event = (headers: Record<string, string>) => client("/v1/events/evt_none", { headers });
    for (let i = 0; i < 3; i++) statuses.push((await event({ "x-api-key": key, "cf-connecting-ip": ip })).status);
    expect(statuses).toEqual([404, 404, 429]);
    const refused = await event({ "x-api-key": key, "cf-connecting-ip": uniqueCaller().ip });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-policy")).toBe('"search";q=2;w=60');
    // The network the key was used from still has its own budget.
    expect((await event({ "cf-connecting-ip": ip })).status).toBe(404);
  });
});
