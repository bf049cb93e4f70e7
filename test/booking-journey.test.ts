import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { inventoryStub } from "../src/inventory/stub";
import { api } from "./support/app-client";
import {
  API,
  book,
  bookingRow,
  chargeJobFor,
  deliver,
  outboxKinds,
  placeHold,
  post,
  timelineKinds,
} from "./support/bookings";
import { seedDeparture } from "./support/inventory";

async function availableSeats(departureId: string) {
  const fares = await inventoryStub(env, departureId).availability();
  return fares.find((f) => f.pool === "economy");
}

describe("booking journey over HTTP", () => {
  it("holds, books, charges in the consumer and confirms with a confirmation email", async () => {
    const departureId = await seedDeparture("journey", {
      fares: [{ cabin: "economy", capacity: 5, priceMinor: 12900 }],
    });
    const hold = await placeHold(departureId, 2);

    const res = await post("/v1/bookings", {
      hold_id: hold.id,
      passengers: [
        { given_name: "Ada", family_name: "Lovelace", birth_date: "1815-12-10" },
        { given_name: "Charles", family_name: "Babbage" },
      ],
      contact: { email: "ada@example.com" },
      payment: { method: "card", token: "tok_success" },
    });
    expect(res.status).toBe(202);
    const created = await res.json<Record<string, unknown> & { id: string; reference: string }>();
    expect(created).toEqual({
      id: expect.stringMatching(/^bkg_/),
      reference: expect.stringMatching(/^[ABCDEFGHJKMNPQRSTWXYZ2-9]{6}$/),
      status: "pending_payment",
      owner_token: expect.stringMatching(/^own_[A-Za-z0-9_-]{43}$/),
      total_price: { amount_minor: 25800, currency: "EUR" },
      hold_expires_at: new Date(Math.floor(Date.parse(hold.expires_at) / 1000) * 1000).toISOString(),
      links: { self: `/v1/bookings/${created.reference}`, cancel: `/v1/bookings/${created.reference}/cancel` },
    });
    expect(res.headers.get("location")).toBe(`/v1/bookings/${created.reference}`);
    expect(res.headers.get("x-d1-bookmark")).toBeTruthy();

    const result = await deliver([await chargeJobFor(created.id)]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);

    const read = await api(`${API}/v1/bookings/${created.reference}?family_name=babbage`, {
      headers: { "x-d1-bookmark": res.headers.get("x-d1-bookmark") ?? "" },
    });
    expect(read.status).toBe(200);
    const booking = await read.json<Record<string, unknown>>();
    expect(booking).toMatchObject({
      id: created.id,
      status: "confirmed",
      seats: 2,
      passengers: [
        { given_name: "Ada", family_name: "Lovelace", birth_date: "1815-12-10" },
        { given_name: "Charles", family_name: "Babbage", birth_date: null },
      ],
      payment: { method: "card", state: "succeeded", refunded: null },
    });
    expect((booking.timeline as { kind: string; request_id: string | null }[]).map((e) => e.kind)).toEqual([
      "created",
      "confirmed",
    ]);
    expect((booking.timeline as { request_id: string | null }[])[0]?.request_id).toBe(res.headers.get("x-request-id"));
    expect(await outboxKinds(created.id)).toEqual(["booking_confirmed"]);

    const sold = await inventoryStub(env, departureId).getHold(hold.id);
    expect(sold).toMatchObject({ status: "confirmed", bookingId: created.id });
    expect(await availableSeats(departureId)).toMatchObject({ sold: 2, held: 0, available: 3 });
  });

  it("a second delivery of the same charge job changes nothing", async () => {
    const departureId = await seedDeparture("journey-dup");
    const created = await book((await placeHold(departureId)).id);
    const job = await chargeJobFor(created.id);
    await deliver([job, job]);
    await deliver([job], 2);
    expect(await bookingRow(created.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    expect(await timelineKinds(created.id)).toEqual(["created", "confirmed"]);
    expect(await outboxKinds(created.id)).toEqual(["booking_confirmed"]);
  });

  it("a declined card fails the booking, returns the seats at once and emails the traveller", async () => {
    const departureId = await seedDeparture("journey-decline");
    const hold = await placeHold(departureId, 1);
    const created = await book(hold.id, "tok_decline");
    const result = await deliver([await chargeJobFor(created.id)]);
    expect(result.explicitAcks).toHaveLength(1);

    expect(await bookingRow(created.id)).toMatchObject({ status: "payment_failed", payment_state: "failed" });
    expect(await timelineKinds(created.id)).toEqual(["created", "payment_failed"]);
    expect(await outboxKinds(created.id)).toEqual(["payment_failed"]);
    expect(await inventoryStub(env, departureId).getHold(hold.id)).toMatchObject({ status: "released" });
    expect(await availableSeats(departureId)).toMatchObject({ held: 0, sold: 0 });
  });

  it("refuses a second booking of the same hold", async () => {
    const departureId = await seedDeparture("journey-twice");
    const hold = await placeHold(departureId);
    await book(hold.id);
    const res = await post("/v1/bookings", {
      hold_id: hold.id,
      passengers: [{ given_name: "Grace", family_name: "Hopper" }],
      contact: { email: "grace@example.com" },
      payment: { method: "card", token: "tok_success" },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/hold-already-booked",
      title: "The hold is already used by a booking",
      status: 409,
      code: "HOLD_ALREADY_BOOKED",
      detail: `Hold ${hold.id} is already used by a booking.`,
      instance: "/v1/bookings",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("is described in the OpenAPI document, with the owner token as a bearer scheme", async () => {
    const res = await api(`${API}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    }>();
    expect(Object.keys(doc.paths["/v1/bookings"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/v1/bookings/{reference}"] ?? {})).toEqual(["get"]);
    expect(Object.keys(doc.paths["/v1/bookings/{reference}/cancel"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/v1/webhooks/payments"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/v1/bookings"]?.post?.responses ?? {})).toContain("202");
    expect(doc.components.securitySchemes.ownerToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["CreateBooking", "CreatedBooking", "Booking", "WebhookReceived"]),
    );
  });
});
