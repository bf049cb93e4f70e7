import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { loadAttachments } from "../../src/notifications/attachments";
import { qrPng } from "../../src/products/events/tickets/qr";
import { problemOf } from "../support/accounts";
import { api } from "../support/app-client";
import { API, bookingRow, chargeJobFor, deliver, refundOf } from "../support/bookings";
import { DAY, insertEventUnit } from "../support/event-units";
import { uniqueCaller } from "../support/limited-app";

/**
 * Issue 9's whole journey for an event, over HTTP on the real Worker: search → hold → book →
 * confirmed → the confirmation email with the ticket code, its QR image and the .ics → check-in →
 * a second scan refused with when and where → the refund quote → cancel with the policy's refund.
 * (`npm run smoke` walks the same journey against `wrangler dev`.)
 */
function call(method: string, path: string, body?: object, headers: Record<string, string> = {}) {
  return api(`${API}${path}`, {
    method,
    headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip, ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

const confirmationOf = (bookingId: string) =>
  env.DB.prepare("SELECT text_body, attachments FROM email_outbox WHERE booking_id = ? AND kind = 'booking_confirmed'")
    .bind(bookingId)
    .first<{ text_body: string; attachments: string | null }>();

describe("an event's whole journey over HTTP", () => {
  it("finds, holds, books, confirms, emails the ticket, admits it once, quotes and refunds by the tier's policy", async () => {
    const startsAt = Math.floor(Date.now() / 1000) + 30 * DAY;
    // Full refund until 60 days before (passed), half until 7 days before (now), nothing after.
    const refund = [
      { hours_before: 60 * 24, refund_bps: 10_000 },
      { hours_before: 7 * 24, refund_bps: 5_000 },
    ];
    const fx = await insertEventUnit(env.DB, {
      city: "LIS",
      startsAt,
      tiers: [{ id: "tier_ga", name: "General admission", capacity: 40, priceMinor: 4_001, refund }],
    });
    const date = new Date(startsAt * 1000).toISOString().slice(0, 10);
    const search = await call("GET", `/v1/events/search?place=LIS&from=${date}&to=${date}`);
    expect((await search.json<{ data: { id: string }[] }>()).data.map((e) => e.id)).toContain(fx.id);

    const hold = await (await call("POST", "/v1/holds", { event_id: fx.id, tier_id: "tier_ga", quantity: 1 })).json<{
      id: string;
    }>();
    const booked = await call("POST", "/v1/bookings", {
      hold_id: hold.id,
      passengers: [{ given_name: "Ada", family_name: "Lovelace" }],
      contact: { email: "ada@example.com" },
      payment: { method: "card", token: "tok_success" },
    });
    expect(booked.status).toBe(202);
    const booking = await booked.json<{ id: string; reference: string; owner_token: string }>();
    const owner = { authorization: `Bearer ${booking.owner_token}` };
    await deliver([await chargeJobFor(booking.id)]);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });

    // The confirmation: the code in its text, that code's QR image inline, the event in an .ics.
    const email = await confirmationOf(booking.id);
    const code = /^Ticket 1 of 1: (\S+)$/m.exec(email?.text_body ?? "")?.[1] ?? "";
    expect(code).not.toBe("");
    const files = loadAttachments(email?.attachments ?? null);
    expect(files.map((f) => [f.contentType.split(";")[0], f.disposition ?? "attachment"])).toEqual([
      ["text/calendar", "attachment"],
      ["image/png", "inline"],
    ]);
    const [calendar, qr] = files;
    const ics = new TextDecoder().decode(calendar?.content as Uint8Array).replace(/\r\n[ \t]/g, "");
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).toMatch(/^SUMMARY:Fixture Night \(1 × General admission\)\r?$/m);
    expect(ics).toContain(`DTSTART:${new Date(startsAt * 1000).toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`);
    expect(qr?.content).toEqual(await qrPng(code));

    // The door: admitted once; the second scan names the first.
    const scan = (gate: string) =>
      call("POST", `/v1/events/${fx.id}/check-ins`, { code, gate }, { authorization: "Bearer test-admin-key" });
    const admitted = await scan("north-1");
    expect(admitted.status).toBe(201);
    const admission = await admitted.json<{ ticket_id: string; checked_in_at: string }>();
    expect(await problemOf(await scan("south-2"))).toEqual({
      status: 409,
      code: "TICKET_ALREADY_CHECKED_IN",
      detail: `This ticket was checked in at ${admission.checked_in_at} at gate north-1.`,
      ticket_id: admission.ticket_id,
      first_checked_in_at: admission.checked_in_at,
      gate: "north-1",
    });

    // Half of 40.01 rounds down to the minor unit: 20.00.
    const quote = await (await call("GET", `/v1/bookings/${booking.reference}/refund-quote`, undefined, owner)).json<{
      refund: unknown;
    }>();
    expect(quote.refund).toEqual({ amount_minor: 2_000, currency: "GBP" });
    const cancelled = await call("POST", `/v1/bookings/${booking.reference}/cancel`, undefined, owner);
    expect(cancelled.status).toBe(200);
    await expect.poll(async () => (await bookingRow(booking.id))?.status, { timeout: 15_000 }).toBe("refunded");
    expect(await refundOf(booking.id)).toMatchObject({ amount_minor: 2_000, status: "succeeded" });
  });
});
