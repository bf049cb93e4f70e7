import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HoldView } from "../../src/inventory/contract";
import { addDays, daysBetween } from "../../src/lib/time";
import { stays } from "../../src/products/stays";
import { mapStayHold, stayHoldFields } from "../../src/products/stays/holds/request";
import { StayHoldBody } from "../../src/products/stays/http/schemas/hold";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const body = (over: Record<string, unknown> = {}) =>
  StayHoldBody.parse({
    property_id: "prp_par0001",
    room_type_id: "rt_par0001_1",
    check_in: "2026-06-10",
    check_out: "2026-06-13",
    rooms: 2,
    adults: 3,
    children: 1,
    ...over,
  });
const refusal = (over: Record<string, unknown>, now = NOW) => {
  const result = mapStayHold(body(over), now);
  return result.ok ? null : result.error;
};

describe("a stay's hold body", () => {
  it("maps to the property as unit, one line per night for the rooms, and the party as context", () => {
    expect(mapStayHold(body(), NOW)).toEqual({
      ok: true,
      value: {
        unitId: "prp_par0001",
        lines: [
          { pool: "rt_par0001_1@2026-06-10", quantity: 2 },
          { pool: "rt_par0001_1@2026-06-11", quantity: 2 },
          { pool: "rt_par0001_1@2026-06-12", quantity: 2 },
        ],
        context: { adults: 3, children: 1 },
      },
    });
  });

  it("refuses check-out on or before check-in", () => {
    expect(refusal({ check_out: "2026-06-10" })).toEqual({
      code: "CHECK_OUT_BEFORE_CHECK_IN",
      detail: "Check-out (2026-06-10) must be at least one night after check-in (2026-06-10).",
      extra: { field: "check_out" },
    });
    expect(refusal({ check_out: "2026-06-01" })?.code).toBe("CHECK_OUT_BEFORE_CHECK_IN");
  });

  it("refuses more than 30 nights and takes exactly 30", () => {
    expect(refusal({ check_out: addDays("2026-06-10", 31) })).toEqual({
      code: "STAY_TOO_LONG",
      detail: "A stay is at most 30 nights; 2026-06-10 to 2026-07-11 is 31.",
      extra: { field: "check_out", max_nights: 30 },
    });
    expect(mapStayHold(body({ check_out: addDays("2026-06-10", 30) }), NOW).ok).toBe(true);
  });

  it("refuses a check-in past on every calendar, and leaves yesterday in UTC to the property", () => {
    expect(refusal({ check_in: "2026-05-30" })).toEqual({
      code: "DATE_IN_PAST",
      detail: "Check-in 2026-05-30 is in the past everywhere.",
      extra: { field: "check_in" },
    });
    // 10:00 UTC on 1 June is still 31 May at UTC−12 (Baker Island): not refused here.
    const tenUtc = Date.parse("2026-06-01T10:00:00Z");
    expect(mapStayHold(body({ check_in: "2026-05-31", check_out: "2026-06-01" }), tenUtc).ok).toBe(true);
    expect(refusal({ check_in: "2026-05-31", check_out: "2026-06-01" })?.code).toBe("DATE_IN_PAST");
  });

  it("refuses a last night more than 365 days ahead on every calendar", () => {
    // At UTC+14 it is already 2 June: the last night may be 2 June 2027.
    expect(mapStayHold(body({ check_in: "2027-06-01", check_out: "2027-06-03" }), NOW).ok).toBe(true);
    expect(refusal({ check_in: "2027-06-01", check_out: "2027-06-04" })).toEqual({
      code: "DATE_TOO_FAR",
      detail: "Stays can be booked up to 365 days ahead; the last night of this one is further.",
      extra: { field: "check_out" },
    });
  });

  it("refuses parties no rooms of the product hold", () => {
    expect(refusal({ rooms: 3, adults: 2 })).toEqual({
      code: "TOO_FEW_ADULTS",
      detail: "Every room needs an adult: 3 rooms, 2 adults.",
    });
    expect(refusal({ rooms: 1, adults: 6, children: 3 })).toEqual({
      code: "TOO_MANY_GUESTS",
      detail:
        "6 adults and 3 children do not fit in 1 room: a room holds at most 6 adults and 8 guests. Ask for more rooms.",
      extra: { max_adults_per_room: 6, max_guests_per_room: 8 },
    });
  });

  it("refuses malformed bodies by shape: unknown fields, bad ids, dates, counts", () => {
    const base = { property_id: "prp_x", room_type_id: "rt_x", check_in: "2026-06-10", check_out: "2026-06-11" };
    const bad = [
      { ...base, rooms: 1, adults: 1, extra: true },
      { ...base, property_id: "dep_x", rooms: 1, adults: 1 },
      { ...base, room_type_id: `rt_${"a".repeat(51)}`, rooms: 1, adults: 1 },
      { ...base, check_in: "2026-02-30", rooms: 1, adults: 1 },
      { ...base, rooms: 0, adults: 1 },
      { ...base, rooms: 10, adults: 10 },
      { ...base, rooms: 1.5, adults: 2 },
      { ...base, rooms: 1, adults: 1, children: -1 },
    ];
    for (const b of bad) expect(StayHoldBody.safeParse(b).success, JSON.stringify(b)).toBe(false);
    expect(StayHoldBody.parse({ ...base, rooms: 1, adults: 1 }).children).toBe(0);
  });

  it("always yields consecutive nights, every pool name within the engine's 64 characters", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 360 }), fc.integer({ min: 1, max: 30 }), (ahead, nights) => {
        const checkIn = addDays("2026-06-01", ahead);
        const result = mapStayHold(
          body({ room_type_id: `rt_${"x".repeat(50)}`, check_in: checkIn, check_out: addDays(checkIn, nights) }),
          NOW,
        );
        if (ahead + nights - 1 > 366) return !result.ok;
        if (!result.ok) return false;
        const dates = result.value.lines.map((l) => l.pool.split("@")[1] ?? "");
        return (
          result.value.lines.length === nights &&
          result.value.lines.every((l) => l.pool.length <= 64 && l.quantity === 2) &&
          dates.every((d, i) => daysBetween(checkIn, d) === i)
        );
      }),
    );
  });
});

describe("a stay's fields of the Hold response", () => {
  it("reads the stay back from the hold's lines and context", () => {
    const line = (night: string, unitPriceMinor: number) => ({
      pool: `rt_a@${night}`,
      label: `Double, night of ${night}`,
      quantity: 2,
      unitPriceMinor,
      totalMinor: 2 * unitPriceMinor,
      refundPolicy: [],
    });
    const hold: HoldView = {
      holdId: "hld_x",
      unitId: "prp_a",
      product: "stays",
      lines: [line("2026-12-31", 12_000), line("2027-01-01", 15_000)],
      totalMinor: 54_000,
      currency: "EUR",
      status: "held",
      expiresAt: 0,
      extended: false,
      bookingId: null,
      createdAt: 0,
      context: { adults: 3, children: 0 },
    };
    expect(stayHoldFields(hold)).toEqual({
      property_id: "prp_a",
      room_type_id: "rt_a",
      check_in: "2026-12-31",
      check_out: "2027-01-02",
      nights: 2,
      rooms: 2,
      adults: 3,
      children: 0,
      nightly: [
        { date: "2026-12-31", price: { amount_minor: 12_000, currency: "EUR" } },
        { date: "2027-01-01", price: { amount_minor: 15_000, currency: "EUR" } },
      ],
      total_price: { amount_minor: 54_000, currency: "EUR" },
    });
    // On the shared Hold: the same fields without total_price, which the engine's template has.
    const { total_price: _, ...fields } = stayHoldFields(hold);
    expect(stays.holds?.present(hold)).toEqual(fields);
  });

  it("asks a booking for 1 to as many travellers as the party held", () => {
    const hold = (adults: unknown, children: unknown) => ({ context: { adults, children } }) as unknown as HoldView;
    expect(stays.travellers?.(hold(3, 2))).toEqual({ min: 1, max: 5 });
    expect(stays.travellers?.(hold(1, 0))).toEqual({ min: 1, max: 1 });
    // A context without a party (never written by the stay body) still allows the lead guest.
    expect(stays.travellers?.(hold(undefined, "2"))).toEqual({ min: 1, max: 1 });
  });
});
