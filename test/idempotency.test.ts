import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { isolateTotals, meterBindings } from "../bench/entry/metering";
import { createApp } from "../src/http/app";
import { claimKey, purgeExpiredIdempotencyKeys } from "../src/idempotency/store";
import { createKey, signIn } from "./support/accounts";
import { appClient } from "./support/app-client";
import { bookingBody, placeHold, post } from "./support/bookings";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller, warmLimiter } from "./support/limited-app";
import { envWithRedis } from "./support/redis";

const newKey = () => `key-${crypto.randomUUID()}`;

async function bookingsForHold(holdId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM bookings WHERE hold_id = ?")
    .bind(holdId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function freshHold(label: string) {
  return (await placeHold(await seedDeparture(label))).id;
}

describe("Idempotency-Key on POST /v1/bookings", () => {
  it("replays the first answer, headers included, for the same key and body", async () => {
    const holdId = await freshHold("idem-replay");
    const key = newKey();
    const first = await post("/v1/bookings", bookingBody(holdId), { "idempotency-key": key });
    const second = await post("/v1/bookings", bookingBody(holdId), { "idempotency-key": key });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(await bookingsForHold(holdId)).toBe(1);
  });

  it("treats the same JSON with keys in another order as the same request", async () => {
    const holdId = await freshHold("idem-order");
    const key = newKey();
    const body = bookingBody(holdId);
    const reordered = {
      payment: body.payment,
      contact: body.contact,
      passengers: body.passengers,
      hold_id: body.hold_id,
    };
    await post("/v1/bookings", body, { "idempotency-key": key });
    const again = await post("/v1/bookings", reordered, { "idempotency-key": key });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("refuses the same key with a different body", async () => {
    const holdId = await freshHold("idem-reuse");
    const key = newKey();
    await post("/v1/bookings", bookingBody(holdId), { "idempotency-key": key });
    const res = await post("/v1/bookings", bookingBody(holdId, "tok_decline"), { "idempotency-key": key });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/idempotency-key-reused",
      title: "The Idempotency-Key was used for a different request",
      status: 422,
      code: "IDEMPOTENCY_KEY_REUSED",
      detail: "This Idempotency-Key was already used with a different request body. Use a new key for a new request.",
      instance: "/v1/bookings",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("runs one of two concurrent duplicates; the other waits its turn or gets the replay", async () => {
    const holdId = await freshHold("idem-race");
    const key = newKey();
    const responses = await Promise.all([
      post("/v1/bookings", bookingBody(holdId), { "idempotency-key": key }),
      post("/v1/bookings", bookingBody(holdId), { "idempotency-key": key }),
    ]);
    const original = responses.filter((r) => r.status === 202 && r.headers.get("idempotent-replayed") === null);
    expect(original).toHaveLength(1);
    const [other] = responses.filter((r) => r !== original[0]);
    if (other?.status === 409) {
      expect(other.headers.get("retry-after")).toBe("1");
      expect(await other.json()).toEqual({
        type: "https://edgefare.dev/problems/idempotency-request-in-progress",
        title: "A request with this Idempotency-Key is in progress",
        status: 409,
        code: "IDEMPOTENCY_REQUEST_IN_PROGRESS",
        detail: "A request with this Idempotency-Key is still being processed. Retry shortly.",
        instance: "/v1/bookings",
        request_id: other.headers.get("x-request-id"),
      });
    } else {
      expect(other?.status).toBe(202);
      expect(other?.headers.get("idempotent-replayed")).toBe("true");
      expect(await other?.json()).toEqual(await original[0]?.json());
    }
    expect(await bookingsForHold(holdId)).toBe(1);
  });

  it("scopes keys to the client: another client's identical key is another request", async () => {
    const [partnerA, partnerB] = await Promise.all([signIn(), signIn()]);
    const [keyA, keyB] = await Promise.all([
      createKey(partnerA, { scopes: ["book"] }),
      createKey(partnerB, { scopes: ["book"] }),
    ]);
    for (const [a, b] of [
      [{ "x-api-key": keyA.key }, { "x-api-key": keyB.key }],
      [{ "cf-connecting-ip": "192.0.2.1" }, { "cf-connecting-ip": "192.0.2.2" }],
    ]) {
      const holdId = await freshHold("idem-scope");
      const key = newKey();
      await post("/v1/bookings", bookingBody(holdId), { "idempotency-key": key, ...a });
      const res = await post("/v1/bookings", bookingBody(holdId), { "idempotency-key": key, ...b });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { code: string }).code).toBe("HOLD_ALREADY_BOOKED");
    }
  });

  it("replays to a partner that sends the same verified key from another address, scoped by the key's id", async () => {
    const holdId = await freshHold("idem-apikey");
    const key = newKey();
    const partner = await createKey(await signIn(), { scopes: ["book"] });
    const apiKey = partner.key;
    const first = await post("/v1/bookings", bookingBody(holdId), {
      "idempotency-key": key,
      "x-api-key": apiKey,
      "cf-connecting-ip": "192.0.2.10",
    });
    const retry = await post("/v1/bookings", bookingBody(holdId), {
      "idempotency-key": key,
      "x-api-key": apiKey,
      "cf-connecting-ip": "2001:db8::10",
    });
    expect(retry.status).toBe(202);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
    const { results } = await env.DB.prepare("SELECT scope FROM idempotency_keys WHERE key = ?").bind(key).all();
    expect(results).toEqual([{ scope: `key:${partner.id} POST /v1/bookings` }]);
  });

  it("refuses keys that are empty, too long or not printable ASCII", async () => {
    for (const key of ["", "k".repeat(256), "tab\tinside"]) {
      const res = await post("/v1/bookings", {}, { "idempotency-key": key });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        type: "https://edgefare.dev/problems/idempotency-key-invalid",
        title: "The Idempotency-Key header is not valid",
        status: 400,
        code: "IDEMPOTENCY_KEY_INVALID",
        detail: "Idempotency-Key must be 1 to 255 printable ASCII characters.",
        instance: "/v1/bookings",
        request_id: res.headers.get("x-request-id"),
      });
    }
  });

  it("frees the key after a validation failure, so the corrected request can use it", async () => {
    const holdId = await freshHold("idem-invalid");
    const key = newKey();
    const bad = await post(
      "/v1/bookings",
      { ...bookingBody(holdId), contact: { email: "not-an-email" } },
      { "idempotency-key": key },
    );
    expect(bad.status).toBe(400);
    const good = await post("/v1/bookings", bookingBody(holdId), { "idempotency-key": key });
    expect(good.status).toBe(202);
    expect(good.headers.get("idempotent-replayed")).toBeNull();
  });

  it("frees the key after a 5xx, so the retry runs again", async () => {
    const holdId = await freshHold("idem-5xx");
    const key = newKey();
    const app = createApp();
    const send = (bindings: typeof env) =>
      appClient(bindings, app)("/v1/bookings", {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify(bookingBody(holdId)),
      });
    const broken = await send({ ...env, PAYMENT_PROVIDER: "stripe", STRIPE_SECRET_KEY: undefined });
    expect(broken.status).toBe(503);
    expect(((await broken.json()) as { code: string }).code).toBe("PAYMENTS_UNAVAILABLE");
    const retried = await send(env);
    expect(retried.status).toBe(202);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
  });

  it("applies to POST /v1/holds too", async () => {
    const departureId = await seedDeparture("idem-holds");
    const key = newKey();
    const body = { departure_id: departureId, cabin: "economy", passengers: 1 };
    const first = await post("/v1/holds", body, { "idempotency-key": key });
    const second = await post("/v1/holds", body, { "idempotency-key": key });
    expect(first.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
  });
});

describe("Idempotency-Key on a request that is refused before it runs", () => {
  const counted = () => meterBindings(envWithRedis({ ...env, RATE_LIMIT_OVERRIDES: WRITE_ONCE }));
  // A day-long window: a sliding window of 1 forgets the previous window's request at a boundary.
  const WRITE_ONCE = JSON.stringify({ write: { requests: 1, windowSeconds: 86_400 } });

  it("costs no D1 work over budget or with a wrong admin key: the limiter and the key check come first", async () => {
    // A cold first Redis call can outlast its deadline on a busy machine and fail open, by design:
    // the first hold would then go uncounted and the second would be admitted.
    await warmLimiter(envWithRedis({ ...env, RATE_LIMIT_OVERRIDES: WRITE_ONCE }));
    const client = appClient(counted());
    await warmLimiter(counted());
    const departureId = await seedDeparture("idem-limited");
    const headers = (extra: Record<string, string>) => ({
      "content-type": "application/json",
      "cf-connecting-ip": uniqueCaller().ip,
      "idempotency-key": newKey(),
      ...extra,
    });
    const ip = uniqueCaller().ip;
    const hold = {
      method: "POST",
      body: JSON.stringify({ departure_id: departureId, cabin: "economy", passengers: 1 }),
    };
    expect((await client("/v1/holds", { ...hold, headers: headers({ "cf-connecting-ip": ip }) })).status).toBe(201);

    isolateTotals(true);
    const overBudget = await client("/v1/holds", { ...hold, headers: headers({ "cf-connecting-ip": ip }) });
    expect(overBudget.status).toBe(429);
    const wrongKey = await client("/v1/admin/dead-letters/dlt_x/replay", {
      method: "POST",
      headers: headers({ authorization: "Bearer nope" }),
    });
    expect(wrongKey.status).toBe(401);
    expect(isolateTotals(true).d1_queries ?? 0).toBe(0);
  });
});

describe("idempotency records", () => {
  const ref = () => ({ scope: "ip:test POST /v1/x", key: newKey() });
  const t0 = Date.UTC(2026, 10, 23, 12, 0, 0);

  it("let a retry take over a claim whose request died, but not a live one", async () => {
    const r = ref();
    expect(await claimKey(env.DB, { ...r, requestHash: "h", now: t0 })).toEqual({ kind: "claimed" });
    expect(await claimKey(env.DB, { ...r, requestHash: "h", now: t0 + 59_000 })).toEqual({ kind: "in_progress" });
    expect(await claimKey(env.DB, { ...r, requestHash: "h", now: t0 + 61_000 })).toEqual({ kind: "claimed" });
    expect(await claimKey(env.DB, { ...r, requestHash: "h", now: t0 + 62_000 })).toEqual({ kind: "in_progress" });
  });

  it("expire after 24 h: purged by the cleanup verb, and a key past expiry is free again", async () => {
    const r = ref();
    await claimKey(env.DB, { ...r, requestHash: "first", now: t0 });
    expect(await claimKey(env.DB, { ...r, requestHash: "second", now: t0 + 3600_000 })).toEqual({ kind: "mismatch" });
    expect(await claimKey(env.DB, { ...r, requestHash: "second", now: t0 + 86_400_000 })).toEqual({ kind: "claimed" });
    const purged = await purgeExpiredIdempotencyKeys(env.DB, t0 + 2 * 86_400_000);
    expect(purged).toBeGreaterThanOrEqual(1);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM idempotency_keys WHERE key = ?")
      .bind(r.key)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });
});
