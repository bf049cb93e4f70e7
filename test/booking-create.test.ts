import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createBooking, MIN_HOLD_REMAINING_MS } from "../src/bookings/create-booking";
import { createApp } from "../src/http/app";
import { fixedClock } from "../src/lib/clock";
import { api } from "./support/app-client";
import { API, bookingBody, heldQueue, placeHold, post, testDeps } from "./support/bookings";
import { openInventory, seedDeparture } from "./support/inventory";

function problem(res: Response, code: string, status: number, title: string, detail: string, extra: object = {}) {
  return {
    type: `https://edgefare.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
    title,
    status,
    code,
    detail,
    ...extra,
    instance: "/v1/bookings",
    request_id: res.headers.get("x-request-id"),
  };
}

describe("POST /v1/bookings refusals", () => {
  it("needs one passenger per held seat", async () => {
    const hold = await placeHold(await seedDeparture("create-count"), 2);
    const res = await post("/v1/bookings", bookingBody(hold.id));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(
      problem(
        res,
        "PASSENGER_COUNT_MISMATCH",
        400,
        "The number of passengers does not match the hold",
        "The hold is for 2 seat(s) but 1 passenger(s) were sent.",
        { seats: 2 },
      ),
    );
  });

  it("does not know holds that are not ours or do not exist", async () => {
    for (const holdId of ["hld_nope", `hld_${"a".repeat(22)}_ZGVwX3Vua25vd24`]) {
      const res = await post("/v1/bookings", bookingBody(holdId));
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(problem(res, "HOLD_NOT_FOUND", 404, "Hold not found", `No hold ${holdId}.`));
    }
  });

  it("refuses an expired hold, and one about to expire before payment could finish", async () => {
    const { departureId, clock } = await openInventory("create-expired");
    const hold = await placeHold(departureId);
    clock.advance(11 * 60_000);
    const res = await post("/v1/bookings", bookingBody(hold.id));
    expect(res.status).toBe(410);
    expect(await res.json()).toEqual(
      problem(res, "HOLD_EXPIRED", 410, "The hold has expired", `Hold ${hold.id} has expired. Place a new hold.`),
    );
  });

  it("treats a hold with seconds left as expired: payment could not finish in time", async () => {
    const hold = await placeHold(await seedDeparture("create-expiring"));
    const expiresAt = Date.parse(hold.expires_at);
    const attempt = (now: number) =>
      createBooking({
        deps: testDeps({ clock: fixedClock(now), paymentJobs: heldQueue().queue }),
        input: {
          holdId: hold.id,
          passengers: [{ givenName: "Ada", familyName: "Lovelace" }],
          contactEmail: "ada@example.com",
          payment: { method: "card", token: "tok_success" },
          provider: "sandbox",
        },
      });
    const late = await attempt(expiresAt - MIN_HOLD_REMAINING_MS + 1);
    expect(late.ok ? null : late.error.code).toBe("HOLD_EXPIRED");
    const inTime = await attempt(expiresAt - MIN_HOLD_REMAINING_MS);
    expect(inTime.ok).toBe(true);
  });

  it("refuses a hold its holder released", async () => {
    const hold = await placeHold(await seedDeparture("create-released"));
    await api(`${API}/v1/holds/${hold.id}`, { method: "DELETE" });
    const res = await post("/v1/bookings", bookingBody(hold.id));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual(
      problem(
        res,
        "HOLD_STATE_CONFLICT",
        409,
        "The hold's state does not allow this",
        `Hold ${hold.id} is released and cannot be booked.`,
        { hold_status: "released" },
      ),
    );
  });

  it("validates the body with field errors", async () => {
    const res = await post("/v1/bookings", {
      hold_id: "hld_x",
      passengers: [{ given_name: "A", family_name: "---" }],
      contact: { email: "nope" },
      payment: { method: "cash", token: "t" },
    });
    expect(res.status).toBe(400);
    const body = await res.json<{ code: string; errors: { field: string }[] }>();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.errors.map((e) => e.field).sort()).toEqual([
      "contact.email",
      "passengers.0.family_name",
      "payment.method",
    ]);
  });

  it.each([
    ["Stripe has no key", "create-nopay", { PAYMENT_PROVIDER: "stripe" }],
    // The sandbox confirms bookings without taking money.
    [
      "the sandbox runs in production",
      "create-sandbox-prod",
      { ENVIRONMENT: "production", PAYMENT_PROVIDER: "sandbox" },
    ],
  ])("answers 503 when %s, and books nothing", async (_, departure, vars) => {
    const hold = await placeHold(await seedDeparture(departure));
    const ctx = createExecutionContext();
    const res = await createApp().request(
      `${API}/v1/bookings`,
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(bookingBody(hold.id)) },
      { ...env, ...vars },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(
      problem(
        res,
        "PAYMENTS_UNAVAILABLE",
        503,
        "Payments are not configured",
        "Bookings cannot be paid for right now. Try again later.",
      ),
    );
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM booking_items WHERE hold_id = ?")
      .bind(hold.id)
      .first<{ n: number }>();
    expect(count?.n).toBe(0);
  });
});

describe("the created event of a booking's timeline", () => {
  it("names the hold and how many units it holds, in the engine's words for any product", async () => {
    const hold = await placeHold(await seedDeparture("create-event"), 2);
    const res = await post("/v1/bookings", {
      ...bookingBody(hold.id),
      passengers: [
        { given_name: "Ada", family_name: "Lovelace" },
        { given_name: "Charles", family_name: "Babbage" },
      ],
    });
    expect(res.status).toBe(202);
    const { id } = await res.json<{ id: string }>();
    const created = await env.DB.prepare("SELECT detail FROM booking_events WHERE booking_id = ? AND kind = 'created'")
      .bind(id)
      .first<{ detail: string }>();
    expect(JSON.parse(created?.detail ?? "null")).toEqual({ hold_id: hold.id, quantity: 2 });
  });
});

describe("PASSENGER_COUNT_MISMATCH from the bookings engine", () => {
  it("says how many travellers the hold needs as quantity (departures word it in seats over HTTP)", async () => {
    const hold = await placeHold(await seedDeparture("create-quantity"), 2);
    const result = await createBooking({
      deps: testDeps({ paymentJobs: heldQueue().queue }),
      input: {
        holdIds: [hold.id],
        passengers: [{ givenName: "Ada", familyName: "Lovelace" }],
        contactEmail: "ada@example.com",
        payment: { method: "card", token: "tok_success" },
        provider: "sandbox",
      },
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "PASSENGER_COUNT_MISMATCH",
        detail: "The hold is for 2 traveller(s) but 1 were sent.",
        extra: { quantity: 2, sent: 1 },
      },
    });
  });
});
