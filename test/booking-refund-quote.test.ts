import { describe, expect, it } from "vitest";
import { api } from "./support/app-client";
import { API, bookingBody, chargeJobFor, deliver, placeHold } from "./support/bookings";
import { seedDeparture } from "./support/inventory";

const DEPARTS_AT = Math.floor(Date.now() / 1000) + 3 * 86_400;

async function confirmedBooking(label: string) {
  const departureId = await seedDeparture(label, {
    departsAt: DEPARTS_AT,
    fares: [{ cabin: "economy", capacity: 4, priceMinor: 9900 }],
  });
  const hold = await placeHold(departureId, 2);
  const passengers = [
    { given_name: "Ada", family_name: "Lovelace" },
    { given_name: "Charles", family_name: "Babbage" },
  ];
  const res = await api(`${API}/v1/bookings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(bookingBody(hold.id, "tok_success", passengers)),
  });
  expect(res.status).toBe(202);
  const created = await res.json<{ id: string; reference: string; owner_token: string }>();
  return { ...created, departureId, auth: { authorization: `Bearer ${created.owner_token}` } };
}

const quote = (reference: string, headers: Record<string, string>) =>
  api(`${API}/v1/bookings/${reference}/refund-quote`, { headers });

describe("GET /v1/bookings/{reference}/refund-quote", () => {
  it("quotes the full price back until departure, item by item, from the policy locked with the hold", async () => {
    const b = await confirmedBooking("quote-ok");
    await deliver([await chargeJobFor(b.id)]);
    const res = await quote(b.reference, b.auth);
    expect(res.status).toBe(200);
    const departs = new Date(DEPARTS_AT * 1000).toISOString();
    expect(await res.json()).toEqual({
      reference: b.reference,
      refund: { amount_minor: 19_800, currency: "EUR" },
      valid_until: departs,
      items: [
        {
          item_id: expect.stringMatching(/^itm_/),
          title: "LHR → CDG",
          refund: { amount_minor: 19_800, currency: "EUR" },
          lines: [
            {
              pool: "economy",
              paid: { amount_minor: 19_800, currency: "EUR" },
              refund_percent: 100,
              refund: { amount_minor: 19_800, currency: "EUR" },
              changes_at: departs,
            },
          ],
        },
      ],
    });
  });

  it("answers what the cancellation would: a booking not yet paid cannot be cancelled", async () => {
    const b = await confirmedBooking("quote-pending");
    const res = await quote(b.reference, b.auth);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/booking-not-cancellable",
      title: "The booking cannot be cancelled in its current status",
      status: 409,
      code: "BOOKING_NOT_CANCELLABLE",
      detail: "A booking that is pending_payment cannot be cancelled.",
      booking_status: "pending_payment",
      instance: `/v1/bookings/${b.reference}/refund-quote`,
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("needs the same credentials as reading the booking", async () => {
    const b = await confirmedBooking("quote-auth");
    for (const headers of [{}, { authorization: "Bearer not-the-token" }] as Record<string, string>[]) {
      const res = await quote(b.reference, headers);
      const read = await api(`${API}/v1/bookings/${b.reference}`, { headers });
      expect(res.status).toBeGreaterThanOrEqual(401);
      expect([res.status, (await res.json<{ code: string }>()).code]).toEqual([
        read.status,
        (await read.json<{ code: string }>()).code,
      ]);
    }
  });
});
