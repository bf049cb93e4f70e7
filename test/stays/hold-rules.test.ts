import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlaceHoldInput, PoolState } from "../../src/inventory/contract";
import { addDays } from "../../src/lib/time";
import { checkStayHold } from "../../src/products/stays/inventory/check-hold";
import { judgeStay } from "../../src/products/stays/rules/stay";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const FIRST = "2026-07-06";

function night(i: number, attrs: Partial<PoolState["attrs"]> = {}, roomTypeId = "rt_a"): PoolState {
  const date = addDays(FIRST, i);
  return {
    pool: `${roomTypeId}@${date}`,
    capacity: 5,
    priceMinor: 10_000,
    label: `Room, night of ${date}`,
    salesOpenAt: null,
    salesCloseAt: null,
    maxPerHold: 9,
    refundPolicy: [],
    held: 0,
    sold: 0,
    attrs: {
      roomTypeId,
      roomTypeName: "Double",
      night: date,
      minStay: 1,
      closed: false,
      closedToArrival: false,
      maxAdults: 2,
      maxChildren: 1,
      bookableFrom: NOW - 1,
      ...attrs,
    },
  };
}

function hold(pools: PoolState[], rooms = 1, context: PlaceHoldInput["context"] = { adults: 2, children: 0 }) {
  const request: PlaceHoldInput = {
    holdId: "hld_test",
    unitId: "prp_test",
    lines: pools.map((p) => ({ pool: p.pool, quantity: rooms })),
    ttlSeconds: 600,
    context,
  };
  return checkStayHold(request, pools, NOW);
}

const nights = (n: number) => Array.from({ length: n }, (_, i) => night(i));
const refusal = (result: ReturnType<typeof hold>) => (result.ok ? null : result.error);

describe("the stays rules of a hold", () => {
  it("grants consecutive nights of one room type for a party that fits", () => {
    expect(hold(nights(3), 2, { adults: 3, children: 2 })).toEqual({ ok: true, value: undefined });
    expect(hold(nights(30))).toEqual({ ok: true, value: undefined });
  });

  it("refuses nights that skip one or come out of order", () => {
    expect(refusal(hold([night(0), night(2)]))).toEqual({
      code: "NIGHTS_NOT_CONSECUTIVE",
      detail: `The nights of a stay follow each other; ${addDays(FIRST, 2)} does not.`,
      extra: { night: addDays(FIRST, 2) },
    });
    expect(refusal(hold([night(1), night(0)]))?.code).toBe("NIGHTS_NOT_CONSECUTIVE");
  });

  it("refuses two room types or uneven room counts in one stay", () => {
    expect(refusal(hold([night(0), night(1, {}, "rt_b")]))).toEqual({
      code: "VALIDATION_FAILED",
      detail: "Every night of a stay is of one room type.",
    });
    const pools = nights(2);
    const request: PlaceHoldInput = {
      holdId: "hld_test",
      unitId: "prp_test",
      lines: [
        { pool: pools[0]?.pool ?? "", quantity: 1 },
        { pool: pools[1]?.pool ?? "", quantity: 2 },
      ],
      ttlSeconds: 600,
      context: { adults: 2, children: 0 },
    };
    expect(refusal(checkStayHold(request, pools, NOW))?.detail).toBe(
      "Every night of a stay holds the same number of rooms.",
    );
  });

  it("refuses more than 30 nights", () => {
    expect(refusal(hold(nights(31)))).toEqual({
      code: "STAY_TOO_LONG",
      detail: "A stay is at most 30 nights; this one is 31.",
      extra: { max_nights: 30 },
    });
  });

  it("refuses a stay whose last night is not bookable yet", () => {
    const pools = [night(0), night(1, { bookableFrom: NOW + 1 })];
    expect(refusal(hold(pools))).toEqual({
      code: "DATE_TOO_FAR",
      detail: `Nights can be booked up to 365 days ahead; ${addDays(FIRST, 1)} is further.`,
      extra: { field: "check_out" },
    });
  });

  it("refuses an arrival on a night closed to arrival, but not a stay running through it", () => {
    expect(refusal(hold([night(0, { closedToArrival: true }), night(1)]))).toEqual({
      code: "CLOSED_TO_ARRIVAL",
      detail: `Double takes no arrivals on ${FIRST}.`,
      extra: { check_in: FIRST },
    });
    expect(hold([night(0), night(1, { closedToArrival: true })]).ok).toBe(true);
  });

  it("applies the arrival night's minimum stay only", () => {
    expect(refusal(hold([night(0, { minStay: 3 }), night(1)]))).toEqual({
      code: "MIN_STAY_NOT_MET",
      detail: `Stays arriving on ${FIRST} are at least 3 nights; this one is 2.`,
      extra: { check_in: FIRST, min_stay: 3 },
    });
    expect(hold([night(0), night(1, { minStay: 5 })]).ok).toBe(true);
  });

  it("refuses a stay through a closed night", () => {
    expect(refusal(hold([night(0), night(1, { closed: true }), night(2)]))).toEqual({
      code: "NIGHT_CLOSED",
      detail: `Double is closed on the night of ${addDays(FIRST, 1)}.`,
      extra: { night: addDays(FIRST, 1) },
    });
  });

  it("refuses a party the rooms cannot hold, with the product's problems first", () => {
    expect(refusal(hold(nights(1), 2, { adults: 1, children: 0 }))).toEqual({
      code: "TOO_FEW_ADULTS",
      detail: "Every room needs an adult: 2 rooms, 1 adult.",
    });
    expect(refusal(hold(nights(1), 1, { adults: 3, children: 0 }))).toEqual({
      code: "TOO_MANY_GUESTS",
      detail: "3 adults and 0 children do not fit in 1 × Double: a room takes 2 adults and 1 more child.",
      extra: { max_adults_per_room: 2, max_children_per_room: 1 },
    });
    expect(refusal(hold(nights(1), 1, { adults: 2, children: 2 }))?.code).toBe("TOO_MANY_GUESTS");
    // A child may take an adult's place left free.
    expect(hold(nights(1), 1, { adults: 1, children: 2 }).ok).toBe(true);
    expect(hold(nights(1), 1, { adults: 1, children: 1 }).ok).toBe(true);
    expect(refusal(hold(nights(1), 1, {}))).toEqual({
      code: "VALIDATION_FAILED",
      detail: "A stay's hold says how many adults and children it is for.",
    });
  });
});

describe("holds and search agree on what is sellable", () => {
  it("grants a stay exactly when search's judgeStay offers it, given the same nights and rooms", () => {
    const nightArb = fc.record({
      left: fc.integer({ min: 0, max: 4 }),
      minStay: fc.integer({ min: 1, max: 4 }),
      closed: fc.boolean(),
      closedToArrival: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(nightArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (states, rooms) => {
          const pools = states.map((s, i) => ({
            ...night(i, { minStay: s.minStay, closed: s.closed, closedToArrival: s.closedToArrival, maxAdults: 2 }),
            capacity: 4,
            sold: 4 - s.left,
          }));
          // The engine counts rooms after the product's rules: every line needs `rooms` left.
          const granted =
            hold(pools, rooms, { adults: rooms, children: 0 }).ok && pools.every((p) => p.capacity - p.sold >= rooms);
          const offered = judgeStay(
            states.map((s) => ({
              roomsLeft: s.left,
              priceMinor: 10_000,
              minStay: s.minStay,
              closed: s.closed,
              closedToArrival: s.closedToArrival,
            })),
            rooms,
          ).ok;
          expect(granted).toBe(offered);
        },
      ),
    );
  });
});
