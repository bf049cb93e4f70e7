import type { RefundStep } from "../../inventory/contract";
import type { RefundRule } from "./model";

export type { RefundStep };

/** A tier's stored rules made absolute for one event: what a hold locks in with the price. */
export function refundSteps(rules: readonly RefundRule[], startsAtSeconds: number): RefundStep[] {
  return rules.map((r) => ({ before: (startsAtSeconds - r.hours_before * 3600) * 1000, refundBps: r.refund_bps }));
}

const hours = (h: number) => (h % 24 === 0 ? `${h / 24} day${h === 24 ? "" : "s"}` : `${h} hours`);

/** One sentence a visitor reads next to the tier: "Full refund until 7 days before the start; 50 % until 2 days before." */
export function refundSummary(rules: readonly RefundRule[]): string {
  if (rules.length === 0) return "Not refundable.";
  const parts = rules.map((r, i) => {
    const share = r.refund_bps === 10_000 ? "Full refund" : `${r.refund_bps / 100} % refund`;
    return `${i === 0 ? share : share.toLowerCase()} until ${hours(r.hours_before)} before the start`;
  });
  return `${parts.join("; ")}; none after.`;
}
