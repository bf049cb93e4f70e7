import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minorDigits } from "../../src/lib/currency";
import { weekday } from "../../src/lib/time";
import { type NightState, newestValue, resolveNight } from "../../src/products/stays/rules/night";
import { partyFits } from "../../src/products/stays/rules/occupancy";
import { inSeason, nightsOf, ruleRateMinor } from "../../src/products/stays/rules/rates";
import { freeCancellationUntil, refundSteps } from "../../src/products/stays/rules/refund";
import { judgeStay } from "../../src/products/stays/rules/stay";

const RULES = {
  baseRateMinor: 10_000,
  weekdayPct: [90, 100, 100, 100, 100, 120, 130],
  seasons: [
    { from: "12-20", to: "01-03", pct: 150 },
    { from: "07-01", to: "08-31", pct: 125 },
  ],
};

describe("nightly rule price", () => {
  it("is base × weekday % × season %, by the weekday the night starts on", () => {
    expect(weekday("2026-12-04")).toBe(5); // a Friday
    expect(ruleRateMinor(RULES, "2026-12-04", "EUR")).toBe(12_000);
    expect(ruleRateMinor(RULES, "2026-12-05", "EUR")).toBe(13_000);
    expect(ruleRateMinor(RULES, "2026-12-06", "EUR")).toBe(9_000);
    // Saturday in the Christmas season: 100 × 1.3 × 1.5.
    expect(ruleRateMinor(RULES, "2026-12-26", "EUR")).toBe(19_500);
  });

  it("rounds to a whole unit of the currency, whatever its minor digits", () => {
    const odd = { ...RULES, baseRateMinor: 10_370 };
    expect(ruleRateMinor(odd, "2026-12-04", "EUR")).toBe(12_400); // 124.44 EUR → 124
    expect(minorDigits("JPY")).toBe(0);
    expect(ruleRateMinor({ ...RULES, baseRateMinor: 12_345 }, "2026-12-04", "JPY")).toBe(14_814);
    expect(minorDigits("TND")).toBe(3);
    expect(ruleRateMinor({ ...RULES, baseRateMinor: 100_500 }, "2026-12-04", "TND")).toBe(121_000);
  });

  it("never falls below one unit", () => {
    expect(ruleRateMinor({ ...RULES, baseRateMinor: 1 }, "2026-12-07", "EUR")).toBe(100);
  });

  it("finds seasons that wrap over New Year, inclusive at both ends", () => {
    const christmas = { from: "12-20", to: "01-03", pct: 150 };
    expect(["2026-12-20", "2026-12-31", "2027-01-01", "2027-01-03"].map((d) => inSeason(christmas, d))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["2026-12-19", "2027-01-04", "2027-06-01"].map((d) => inSeason(christmas, d))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("lists a stay's nights from check-in to the night before check-out, across months and years", () => {
    expect(nightsOf("2026-12-30", "2027-01-02")).toEqual(["2026-12-30", "2026-12-31", "2027-01-01"]);
    expect(nightsOf("2028-02-28", "2028-03-01")).toEqual(["2028-02-28", "2028-02-29"]);
  });
});

describe("one night of a room type", () => {
  const rules = { ...RULES, roomCount: 12, minStay: 2, closedToArrival: 1 << 0 };
  const none = { published: null, overridePriceMinor: null, overrideMinStay: null, closed: false, noArrival: false };

  it("takes the full room count and the rule price when nothing else is known", () => {
    expect(resolveNight(rules, "2026-12-04", "EUR", none)).toEqual({
      roomsLeft: 12,
      priceMinor: 12_000,
      minStay: 2,
      closed: false,
      closedToArrival: false,
    });
  });

  it("prefers the object's published price to an override, and an override to the rules", () => {
    const override = { ...none, overridePriceMinor: 50_000, overrideMinStay: 4 };
    expect(resolveNight(rules, "2026-12-04", "EUR", override)).toMatchObject({ priceMinor: 50_000, minStay: 4 });
    const published = { ...override, published: { roomsLeft: 3, priceMinor: 44_400 } };
    expect(resolveNight(rules, "2026-12-04", "EUR", published)).toMatchObject({ roomsLeft: 3, priceMinor: 44_400 });
    const countOnly = { ...override, published: { roomsLeft: 0, priceMinor: null } };
    expect(resolveNight(rules, "2026-12-04", "EUR", countOnly)).toMatchObject({ roomsLeft: 0, priceMinor: 50_000 });
  });

  it("is closed to arrival on its weekdays and under a no-arrival closure", () => {
    expect(resolveNight(rules, "2026-12-06", "EUR", none).closedToArrival).toBe(true); // Sunday
    expect(resolveNight(rules, "2026-12-07", "EUR", { ...none, noArrival: true }).closedToArrival).toBe(true);
  });

  it("lets the newest overlapping change win, by creation time then id", () => {
    const rows = [
      { id: "ovr_a", createdAt: 10, price: 1 },
      { id: "ovr_c", createdAt: 20, price: null },
      { id: "ovr_b", createdAt: 20, price: 2 },
      { id: "ovr_0", createdAt: 5, price: 3 },
    ];
    expect(newestValue(rows, (r) => r.price)).toBe(2);
    expect(newestValue([], (r: (typeof rows)[number]) => r.price)).toBeNull();
  });
});

describe("a whole stay", () => {
  const open = (over: Partial<NightState> = {}): NightState => ({
    roomsLeft: 5,
    priceMinor: 10_000,
    minStay: 1,
    closed: false,
    closedToArrival: false,
    ...over,
  });

  it("sums the nights and reports the fewest rooms left", () => {
    expect(judgeStay([open(), open({ roomsLeft: 2, priceMinor: 12_000 }), open()], 2)).toEqual({
      ok: true,
      nightlyMinor: [10_000, 12_000, 10_000],
      roomsLeft: 2,
    });
  });

  it("refuses a night without enough rooms, a closed night, a closed arrival and a short stay", () => {
    expect(judgeStay([open(), open({ roomsLeft: 1 })], 2)).toEqual({ ok: false, reason: "not_enough_rooms", night: 1 });
    expect(judgeStay([open(), open({ closed: true })], 1)).toEqual({ ok: false, reason: "closed", night: 1 });
    expect(judgeStay([open({ closedToArrival: true }), open()], 1)).toMatchObject({ reason: "closed_to_arrival" });
    expect(judgeStay([open({ minStay: 3 }), open()], 1)).toMatchObject({ reason: "min_stay" });
  });

  it("applies closed-to-arrival and minimum stay of the arrival night only", () => {
    const verdict = judgeStay([open(), open({ closedToArrival: true, minStay: 5 })], 1);
    expect(verdict.ok).toBe(true);
  });
});

describe("who fits in the rooms", () => {
  it("agrees with trying every way of spreading the guests over the rooms", () => {
    // Brute force: some assignment of adults and children to rooms, each room with an adult,
    // adults within max_adults, everyone within max_adults + max_children.
    const spread = (rooms: number, adults: number, children: number, maxA: number, maxC: number): boolean => {
      const go = (room: number, a: number, c: number): boolean => {
        if (room === rooms) return a === 0 && c === 0;
        for (let ai = 1; ai <= Math.min(a, maxA); ai++) {
          for (let ci = 0; ci <= Math.min(c, maxA + maxC - ai); ci++) {
            if (go(room + 1, a - ai, c - ci)) return true;
          }
        }
        return false;
      };
      return go(0, adults, children);
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        (rooms, adults, children, maxAdults, maxChildren) => {
          expect(partyFits({ maxAdults, maxChildren }, { rooms, adults, children })).toBe(
            spread(rooms, adults, children, maxAdults, maxChildren),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("cancellation terms", () => {
  const policy = { freeCancellationDays: 3, penaltyPct: 50 };

  it("ends free cancellation at 00:00 at the property N days before check-in, across a DST change", () => {
    // Europe/London leaves summer time at 01:00 UTC on 2026-10-25: midnight before is BST, after is GMT.
    expect(new Date(freeCancellationUntil(policy, "2026-10-28", "Europe/London") ?? 0).toISOString()).toBe(
      "2026-10-24T23:00:00.000Z",
    );
    expect(new Date(freeCancellationUntil(policy, "2026-10-29", "Europe/London") ?? 0).toISOString()).toBe(
      "2026-10-26T00:00:00.000Z",
    );
    expect(freeCancellationUntil({ freeCancellationDays: null, penaltyPct: 100 }, "2026-10-28", "UTC")).toBeNull();
  });

  it("becomes the engine's refund steps: all back, then less the penalty until arrival day, then nothing", () => {
    expect(refundSteps(policy, "2026-12-10", "Asia/Tokyo")).toEqual([
      { before: Date.parse("2026-12-06T15:00:00Z"), refundBps: 10_000 },
      { before: Date.parse("2026-12-09T15:00:00Z"), refundBps: 5_000 },
    ]);
    expect(refundSteps({ freeCancellationDays: null, penaltyPct: 100 }, "2026-12-10", "UTC")).toEqual([
      { before: Date.parse("2026-12-10T00:00:00Z"), refundBps: 0 },
    ]);
  });
});
