import { applyD1Migrations, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { insertPlaces } from "../src/places/seed-d1";
import { pendingBooking } from "./support/bookings";
import { seedDeparture } from "./support/inventory";

/**
 * Migrations 0009 and 0014 on a database as it was at 0008 holding bookings: every booking
 * becomes one item, its snapshot built in SQL from departures and places the way the departures
 * product describes a hold today (src/products/departures/describe.ts); then the bookings table
 * loses its departure columns and keeps every row.
 */
async function atPreviousMigration() {
  await env.DB.batch([
    env.DB.prepare("DROP TABLE booking_items"),
    // Undo 0014: no unit_cancellations, and the bookings table as it was, departure columns and their indexes.
    env.DB.prepare("DROP TABLE unit_cancellations"),
    env.DB.prepare("ALTER TABLE bookings ADD COLUMN hold_id text"),
    env.DB.prepare("ALTER TABLE bookings ADD COLUMN departure_id text"),
    env.DB.prepare("ALTER TABLE bookings ADD COLUMN cabin text"),
    env.DB.prepare("ALTER TABLE bookings ADD COLUMN seats integer"),
    env.DB.prepare("CREATE UNIQUE INDEX bookings_hold_id_idx ON bookings (hold_id)"),
    env.DB.prepare("CREATE INDEX bookings_departure_idx ON bookings (departure_id)"),
    env.DB.prepare(
      "DELETE FROM d1_migrations WHERE name IN ('0009_booking_items.sql', '0014_unit_cancellations_and_item_only_bookings.sql')",
    ),
    // Later migrations that change booking_items run again on the table 0009 makes anew.
    env.DB.prepare("DELETE FROM d1_migrations WHERE name LIKE '%item_cancel_announced.sql'"),
  ]);
}

async function oldBooking(id: string, departureId: string, status: string, paymentState: string) {
  const now = Math.floor(Date.now() / 1000);
  await env.DB.prepare(
    `INSERT INTO bookings (id, reference, hold_id, departure_id, cabin, seats, status, total_minor, currency,
     contact_email, owner_token_hash, payment_method, payment_token, payment_state, hold_expires_at, created_at,
     updated_at) VALUES (?, ?, ?, ?, 'business', 2, ?, 80000, 'EUR', 'a@example.com', 'h', 'card', 'tok', ?, ?, ?, ?)`,
  )
    .bind(id, id.slice(-6).toUpperCase(), `hld_${id}`, departureId, status, paymentState, now + 600, now, now + 5)
    .run();
}

describe("migrations 0009_booking_items and 0014_unit_cancellations_and_item_only_bookings", () => {
  it("turns every existing booking into one item that reads like a new one", async () => {
    const departsAt = 1_900_000_000;
    const departureId = await seedDeparture("mig", {
      departsAt,
      mode: "rail",
      originCode: "LHR",
      destinationCode: "CDG",
    });
    await insertPlaces(env.DB, [
      {
        code: "LHR",
        name: "London Heathrow",
        kind: "airport",
        cityCode: "LON",
        cityName: "London",
        country: "GB",
        lat: 51.47,
        lon: -0.45,
        timezone: "Europe/London",
      },
    ]);
    await atPreviousMigration();
    await oldBooking("bkg_confirmed0001", departureId, "confirmed", "succeeded");
    await oldBooking("bkg_refunded00002", departureId, "refunded", "refunded");
    await oldBooking("bkg_orphan0000003", "dep_gone_from_d1", "confirmed", "succeeded");

    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

    const items = await env.DB.prepare("SELECT * FROM booking_items ORDER BY booking_id").all<
      Record<string, unknown>
    >();
    const parsed = items.results.map((r) => ({
      ...r,
      lines: JSON.parse(String(r.lines)),
      snapshot: JSON.parse(String(r.snapshot)),
      refund_policy: JSON.parse(String(r.refund_policy)),
    }));
    const refund = [{ before: departsAt * 1000, refundBps: 10_000 }];
    const line = {
      pool: "business",
      label: "Business",
      quantity: 2,
      unitPriceMinor: 40_000,
      totalMinor: 80_000,
      refundPolicy: refund,
    };
    const item = (bookingId: string) => parsed.find((p) => (p as Record<string, unknown>).booking_id === bookingId);
    expect(item("bkg_confirmed0001")).toEqual({
      id: "itm_confirmed0001",
      booking_id: "bkg_confirmed0001",
      position: 0,
      product: "departures",
      unit_id: departureId,
      hold_id: "hld_bkg_confirmed0001",
      status: "active",
      lines: [line],
      quantity: 2,
      total_minor: 80_000,
      currency: "EUR",
      starts_at: departsAt,
      ends_at: departsAt + 90 * 60,
      timezone: "Europe/London",
      snapshot: {
        title: "LHR → CDG",
        details: [
          ["Service", "Test Air TA 1"],
          ["Cabin", "Business"],
          ["Seats", "2"],
        ],
        location: "London Heathrow (LHR)",
        startLabel: "Departs",
        calendarSummary: "Train LHR → CDG (TA 1)",
      },
      refund_policy: refund,
      cancelled_at: null,
      refund_minor: null,
      cancel_announced_at: null,
    });
    expect(item("bkg_refunded00002")).toMatchObject({
      status: "cancelled",
      cancelled_at: expect.any(Number),
      refund_minor: 80_000,
    });
    // 0018: an item cancelled before the announcement sweep existed counts as announced when it was cancelled.
    const refunded = item("bkg_refunded00002") as unknown as { cancelled_at: number; cancel_announced_at: number };
    expect(refunded.cancel_announced_at).toBe(refunded.cancelled_at);
    // A booking whose departure row is gone keeps an item, titled by the departure id, in UTC.
    expect(item("bkg_orphan0000003")).toMatchObject({
      unit_id: "dep_gone_from_d1",
      timezone: "UTC",
      snapshot: { title: "dep_gone_from_d1" },
    });

    // 0014: every booking is still there, with what was booked only in its items.
    const kept = await env.DB.prepare(
      "SELECT id, status, total_minor FROM bookings WHERE id IN ('bkg_confirmed0001', 'bkg_refunded00002', 'bkg_orphan0000003') ORDER BY id",
    ).all();
    expect(kept.results).toEqual([
      { id: "bkg_confirmed0001", status: "confirmed", total_minor: 80_000 },
      { id: "bkg_orphan0000003", status: "confirmed", total_minor: 80_000 },
      { id: "bkg_refunded00002", status: "refunded", total_minor: 80_000 },
    ]);
    const columns = await env.DB.prepare("SELECT name FROM pragma_table_info('bookings')").all<{ name: string }>();
    expect(columns.results.map((c) => c.name)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(hold_id|departure_id|cabin|seats)$/)]),
    );
  });
});

describe("a new booking", () => {
  it("is written with one item: the hold's lines and refund policy, and the product's snapshot", async () => {
    const { booking, hold, departureId } = await pendingBooking("item-new", "tok_success", 2);
    const row = await env.DB.prepare("SELECT * FROM booking_items WHERE booking_id = ?")
      .bind(booking.id)
      .first<Record<string, unknown>>();
    expect(row).toMatchObject({
      booking_id: booking.id,
      position: 0,
      product: "departures",
      unit_id: departureId,
      hold_id: hold.id,
      status: "active",
      quantity: 2,
      total_minor: booking.totalMinor,
      timezone: "Europe/London",
    });
    expect(JSON.parse(String(row?.snapshot))).toEqual({
      title: "LHR → CDG",
      details: [
        ["Service", "Test Air TA 1"],
        ["Cabin", "Economy"],
        ["Seats", "2"],
      ],
      location: "London Heathrow (LHR)",
      startLabel: "Departs",
      calendarSummary: "Flight LHR → CDG (TA 1)",
    });
    expect(JSON.parse(String(row?.lines))).toEqual([
      expect.objectContaining({ pool: "economy", quantity: 2, totalMinor: booking.totalMinor }),
    ]);
  });
});
