import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quoteRefund, refundBpsAt } from "../src/bookings/refund-quote";

const line = (totalMinor: number, refundPolicy: { before: number; refundBps: number }[]) => ({
  pool: "tier_ga",
  label: "General admission",
  quantity: 1,
  unitPriceMinor: totalMinor,
  totalMinor,
  refundPolicy,
});

describe("refund quotes from a locked policy", () => {
  const policy = [
    { before: 1000, refundBps: 10_000 },
    { before: 2000, refundBps: 5_000 },
  ];

  it("applies the first step whose deadline is still ahead, then nothing", () => {
    expect([0, 999, 1000, 1999, 2000, 5000].map((t) => refundBpsAt(policy, t))).toEqual([
      10_000, 10_000, 5_000, 5_000, 0, 0,
    ]);
    expect(refundBpsAt([], 0)).toBe(0);
  });

  it("quotes each line, rounds down, and says until when the quote holds", () => {
    expect(quoteRefund([line(999, policy), line(1000, [{ before: 1500, refundBps: 10_000 }])], "EUR", 1200)).toEqual({
      refundMinor: 499 + 1000,
      currency: "EUR",
      lines: [
        { pool: "tier_ga", totalMinor: 999, refundBps: 5_000, refundMinor: 499, changesAt: 2000 },
        { pool: "tier_ga", totalMinor: 1000, refundBps: 10_000, refundMinor: 1000, changesAt: 1500 },
      ],
      validUntil: 1500,
    });
    expect(quoteRefund([line(1000, policy)], "EUR", 3000)).toMatchObject({ refundMinor: 0, validUntil: null });
  });

  it("never refunds more than was paid, and never less as time goes back", () => {
    const steps = fc
      .array(fc.record({ before: fc.integer({ min: 0, max: 10_000 }), refundBps: fc.integer({ min: 0, max: 10_000 }) }))
      .map((s) => s.sort((a, b) => a.before - b.before || b.refundBps - a.refundBps))
      // Policies only get less generous over time.
      .map((s) => s.map((step, i) => ({ ...step, refundBps: Math.min(...s.slice(0, i + 1).map((x) => x.refundBps)) })));
    fc.assert(
      fc.property(steps, fc.integer({ min: 0, max: 1_000_000 }), fc.nat(10_000), fc.nat(10_000), (p, total, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const q1 = quoteRefund([line(total, p)], "EUR", early).refundMinor;
        const q2 = quoteRefund([line(total, p)], "EUR", late).refundMinor;
        expect(q1).toBeLessThanOrEqual(total);
        expect(q2).toBeLessThanOrEqual(q1);
      }),
    );
  });
});
