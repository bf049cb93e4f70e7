import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { as, bookAs } from "./support/account-bookings";
import { createKey, problemOf, signIn } from "./support/accounts";
import { api } from "./support/app-client";
import { API } from "./support/bookings";
import { uniqueCaller } from "./support/limited-app";

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

describe("GET /v1/me/export", () => {
  it("is everything stored about the account, as a download, with no secret or hash in it", async () => {
    const ada = await signIn();
    const key = await createKey(ada, { scopes: ["search"], name: "my app" });
    const jwk = { kty: "EC", crv: "P-256", x: "eA", y: "eQ" };
    await env.DB.prepare(
      "INSERT INTO passkeys (id, account_id, public_key, counter, created_at) VALUES (?, ?, ?, 3, 0)",
    )
      .bind(`pk_${ada.accountId}`, ada.accountId, JSON.stringify(jwk))
      .run();
    const booked = await bookAs(ada, "export");
    await bookAs(null, "export-guest");

    const res = await as(ada, "/v1/me/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="edgefare-${ada.accountId}.json"`);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body).toEqual({
      account: { id: ada.accountId, email: ada.email, role: "traveller", created_at: ISO },
      inventory_owned: [],
      trips: [],
      sessions: [
        {
          id: ada.sessionId,
          kind: "bearer",
          user_agent: null,
          created_at: ISO,
          last_seen_at: ISO,
          expires_at: ISO,
        },
      ],
      api_keys: [
        {
          id: key.id,
          name: "my app",
          prefix: expect.any(String),
          scopes: ["search"],
          rate_limit_per_minute: null,
          created_at: ISO,
          last_used_at: null,
          expires_at: null,
          revoked_at: null,
        },
      ],
      passkeys: [
        {
          id: `pk_${ada.accountId}`,
          public_key: jwk,
          counter: 3,
          created_at: "1970-01-01T00:00:00.000Z",
          last_used_at: null,
        },
      ],
      bookings: [
        expect.objectContaining({
          id: booked.id,
          reference: booked.reference,
          contact_email: "ada@example.com",
          personal_data_erased_at: null,
          travellers: [{ given_name: "Ada", family_name: "Lovelace", birth_date: "1815-12-10" }],
          items: [
            expect.objectContaining({
              product: "departures",
              snapshot: expect.objectContaining({ title: expect.any(String) }),
            }),
          ],
          payments: [expect.objectContaining({ kind: "charge" })],
          timeline: expect.arrayContaining([expect.objectContaining({ kind: "created" })]),
        }),
      ],
      emails: expect.arrayContaining([
        {
          id: expect.any(String),
          kind: "sign_in_link",
          to: ada.email,
          subject: expect.any(String),
          text: null,
          status: expect.any(String),
          booking_id: null,
          created_at: ISO,
          sent_at: expect.toBeOneOf([null, ISO]),
        },
      ]),
    });
    const hashes = await env.DB.prepare(
      `SELECT token_hash AS h FROM sessions WHERE account_id = ?1
       UNION ALL SELECT secret_hash FROM api_keys WHERE account_id = ?1
       UNION ALL SELECT owner_token_hash FROM bookings WHERE account_id = ?1
       UNION ALL SELECT payment_token FROM bookings WHERE account_id = ?1`,
    )
      .bind(ada.accountId)
      .all<{ h: string }>();
    const secrets = [ada.bearer.slice(7), key.key, booked.owner_token, ...hashes.results.map((r) => r.h)];
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
  });

  it("is for the account's own session only", async () => {
    const anonymous = await api(`${API}/v1/me/export`, { headers: { "cf-connecting-ip": uniqueCaller().ip } });
    expect(await problemOf(anonymous)).toEqual({
      status: 401,
      code: "UNAUTHENTICATED",
      detail: "Sign in (a session cookie or `Authorization: Bearer efs_…`), or send an API key.",
    });
    const owner = await signIn();
    const key = await createKey(owner, { scopes: ["search", "book"] });
    const withKey = await api(`${API}/v1/me/export`, {
      headers: { "x-api-key": key.key, "cf-connecting-ip": uniqueCaller().ip },
    });
    expect(await problemOf(withKey)).toEqual({
      status: 403,
      code: "SESSION_REQUIRED",
      detail: "Sign in: this operation is for account holders, not API keys.",
    });
  });
});
