import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
// Vite bundles the migration's text: the test runs inside workerd, which has no file system.
import refoldFamilyNames from "../migrations/0019_refold_family_names.sql?raw";
import { createApp } from "../src/http/app";
import { api, appClient } from "./support/app-client";
import { API, bookingBody, placeHold, post } from "./support/bookings";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller, warmLimiter } from "./support/limited-app";
import { envWithRedis } from "./support/redis";

async function bookFor(label: string, passengers: { given_name: string; family_name: string }[]) {
  const hold = await placeHold(await seedDeparture(label), passengers.length);
  const res = await post("/v1/bookings", bookingBody(hold.id, "tok_success", passengers));
  expect(res.status).toBe(202);
  return res.json<{ id: string; reference: string; owner_token: string }>();
}

/** Budget windows a day long: a sliding window forgets the previous minute at a boundary. */
const DAY = 86_400;

const lookup = (path: string, headers: Record<string, string> = {}) => api(`${API}${path}`, { headers });

/** Everything but the per-request members, which differ on every answer by design. */
async function stable(res: Response) {
  const { request_id, instance, ...rest } = await res.json<Record<string, unknown>>();
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return rest;
}

describe("GET /v1/bookings/{reference}", () => {
  it("matches any passenger's family name, whatever its case and accents", async () => {
    const created = await bookFor("lookup-name", [
      { given_name: "Jürgen", family_name: "Müller-Lüdenscheidt" },
      { given_name: "Zoë", family_name: "O'Brien" },
    ]);
    for (const name of ["muller ludenscheidt", "MÜLLER-LÜDENSCHEIDT", "obrien"]) {
      const res = await lookup(
        `/v1/bookings/${created.reference.toLowerCase()}?family_name=${encodeURIComponent(name)}`,
      );
      expect(res.status).toBe(200);
      expect(((await res.json()) as { id: string }).id).toBe(created.id);
    }
  });

  it("finds a name by the letters NFKD does not decompose, bookings stored under the old rule too once migrated", async () => {
    const created = await bookFor("lookup-orsted", [{ given_name: "Hans", family_name: "Ørsted" }]);
    const found = async (name: string) =>
      (await lookup(`/v1/bookings/${created.reference}?family_name=${encodeURIComponent(name)}`)).status;
    expect([await found("Orsted"), await found("ØRSTED"), await found("orsted")]).toEqual([200, 200, 200]);
    // As a booking made before the shared rule was stored: "ørsted". Migration 0019 refolds it.
    await env.DB.prepare("UPDATE booking_passengers SET family_name_folded = 'ørsted' WHERE booking_id = ?")
      .bind(created.id)
      .run();
    await env.DB.prepare(refoldFamilyNames).run();
    expect([await found("Ørsted"), await found("Orsted"), await found("Nørsted")]).toEqual([200, 200, 404]);
  });

  it("answers a wrong name exactly like an unknown or malformed reference", async () => {
    const created = await bookFor("lookup-wrong", [{ given_name: "Ada", family_name: "Lovelace" }]);
    const wrongName = await lookup(`/v1/bookings/${created.reference}?family_name=Babbage`);
    const unknown = await lookup("/v1/bookings/ZZZZZZ?family_name=Lovelace");
    const malformed = await lookup("/v1/bookings/not-a-ref?family_name=Lovelace");
    const body = await stable(wrongName);
    expect(body).toEqual({
      status: 404,
      type: "https://edgefare.dev/problems/booking-not-found",
      title: "Booking not found",
      code: "BOOKING_NOT_FOUND",
      detail: "No booking matches this reference and these details.",
    });
    expect(await stable(unknown)).toEqual(body);
    expect(await stable(malformed)).toEqual(body);
  });

  it("opens with the owner token alone; a wrong token looks like a missing booking", async () => {
    const created = await bookFor("lookup-token", [{ given_name: "Ada", family_name: "Lovelace" }]);
    const ok = await lookup(`/v1/bookings/${created.reference}`, { authorization: `Bearer ${created.owner_token}` });
    expect(ok.status).toBe(200);
    const wrong = await lookup(`/v1/bookings/${created.reference}`, {
      authorization: `Bearer own_${"x".repeat(43)}`,
    });
    expect(wrong.status).toBe(404);
  });

  it("asks for credentials when none are sent, without touching the booking", async () => {
    const res = await lookup("/v1/bookings/ABCDEF");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/unauthenticated",
      title: "Authentication required",
      status: 401,
      code: "UNAUTHENTICATED",
      detail: "Send family_name (any passenger's) or Authorization: Bearer <owner_token>.",
      instance: "/v1/bookings/ABCDEF",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("reads its own write when sent the bookmark from the write, and hands a bookmark back", async () => {
    const hold = await placeHold(await seedDeparture("lookup-bookmark"));
    const write = await post("/v1/bookings", bookingBody(hold.id));
    const bookmark = write.headers.get("x-d1-bookmark") ?? "";
    expect(bookmark).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/);
    const { reference } = await write.json<{ reference: string }>();
    const read = await lookup(`/v1/bookings/${reference}?family_name=Lovelace`, { "x-d1-bookmark": bookmark });
    expect(read.status).toBe(200);
    expect((read.headers.get("x-d1-bookmark") ?? "") >= bookmark).toBe(true);
  });

  it("is rate limited per client (lookup bucket) when Redis is configured", async () => {
    const app = createApp();
    const bindings = {
      ...envWithRedis(env),
      RATE_LIMIT_OVERRIDES: JSON.stringify({ lookup: { requests: 2, windowSeconds: DAY } }),
    };
    await warmLimiter(bindings);
    const { ip } = uniqueCaller();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const headers = { "cf-connecting-ip": ip };
      const res = await appClient(bindings, app)("/v1/bookings/ABCDEF?family_name=x", { headers });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([404, 404, 429]);
  });
});
