import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, localDate } from "../../src/lib/time";
import { loadAttachments } from "../../src/notifications/attachments";
import { api } from "../support/app-client";
import { API, chargeJobFor, deliver, post, refundOf } from "../support/bookings";
import { fixtureProperty, fixtureRoomType, insertFixture } from "../support/stays";

// Tokyo keeps one offset all year, so "today at the property" is one date for the whole test.
const TZ = "Asia/Tokyo";
const city = { cityCode: "TYO", currency: "JPY", timezone: TZ };
const yen = (amount_minor: number) => ({ amount_minor, currency: "JPY" });

beforeAll(async () => {
  await insertFixture(env.DB, {
    properties: [fixtureProperty("prp_ct_one", { ...city, name: "Ginza Rooms", checkInFrom: "14:30" })],
    roomTypes: [
      fixtureRoomType("rt_ct_one", "prp_ct_one", {
        name: "Twin",
        roomCount: 2,
        baseRateMinor: 15_000,
        freeCancellationDays: 2,
        cancellationPenaltyPct: 50,
      }),
    ],
  });
});

/** A confirmed two-night stay at prp_ct_one from `checkIn`, with its reference and owner token. */
async function bookStay(checkIn: string) {
  const held = await post("/v1/holds", {
    property_id: "prp_ct_one",
    room_type_id: "rt_ct_one",
    check_in: checkIn,
    check_out: addDays(checkIn, 2),
    rooms: 1,
    adults: 2,
    children: 0,
  });
  if (held.status !== 201) throw new Error(`hold failed: ${held.status} ${await held.text()}`);
  const hold = await held.json<{ id: string }>();
  const res = await post("/v1/bookings", {
    hold_id: hold.id,
    passengers: [{ given_name: "Sei", family_name: "Shonagon" }],
    contact: { email: "sei@example.com" },
    payment: { method: "card", token: "tok_success" },
  });
  if (res.status !== 202) throw new Error(`booking failed: ${res.status} ${await res.text()}`);
  const created = await res.json<{ id: string; reference: string; owner_token: string }>();
  await deliver([await chargeJobFor(created.id)]);
  return { ...created, auth: { authorization: `Bearer ${created.owner_token}` } };
}

describe("a stay's cancellation terms and calendar entry", () => {
  it("refunds by the check-in night's policy inside its penalty window, though a later night's would still be free", async () => {
    // Free cancellation ends 2 days before check-in at 00:00 in Tokyo. Checking in two local days
    // from now, the check-in night's free period is over (50 % kept); the second night, judged by
    // its own date, would still be free: the stay's terms are its check-in night's.
    const checkIn = addDays(localDate(Date.now(), TZ), 2);
    const booked = await bookStay(checkIn);

    const quote = await api(`${API}/v1/bookings/${booked.reference}/refund-quote`, { headers: booked.auth });
    expect(quote.status).toBe(200);
    expect(await quote.json()).toMatchObject({
      refund: yen(15_000),
      items: [{ title: "Ginza Rooms: 1 × Twin, 2 nights", refund: yen(15_000) }],
    });

    const cancelled = await api(`${API}/v1/bookings/${booked.reference}/cancel`, {
      method: "POST",
      headers: booked.auth,
    });
    expect(cancelled.status).toBe(200);
    expect(await refundOf(booked.id)).toMatchObject({ amount_minor: 15_000, currency: "JPY" });
  });

  it("puts the stay in the confirmation's calendar file at the property's check-in time in its time zone", async () => {
    const checkIn = addDays(localDate(Date.now(), TZ), 30);
    const booked = await bookStay(checkIn);
    const row = await env.DB.prepare(
      "SELECT attachments FROM email_outbox WHERE booking_id = ? AND kind = 'booking_confirmed'",
    )
      .bind(booked.id)
      .first<{ attachments: string | null }>();
    const [ics] = loadAttachments(row?.attachments ?? null);
    const lines = new TextDecoder().decode(ics?.content as Uint8Array).split("\r\n");
    const start = lines.find((l) => l.startsWith("DTSTART:"))?.slice("DTSTART:".length) ?? "";
    expect(start).toMatch(/^\d{8}T\d{6}Z$/);
    const instant = Date.UTC(
      Number(start.slice(0, 4)),
      Number(start.slice(4, 6)) - 1,
      Number(start.slice(6, 8)),
      Number(start.slice(9, 11)),
      Number(start.slice(11, 13)),
    );
    // Read back in Tokyo by the platform's own time zone data, not by the code under test.
    const local = new Intl.DateTimeFormat("sv-SE", {
      timeZone: TZ,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).format(instant);
    expect(local).toBe(`${checkIn} 14:30`);
    expect(lines).toContain("SUMMARY:Stay at Ginza Rooms");
  });
});
