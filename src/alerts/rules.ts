import { ALERT_POLICY } from "../config";
import type { RequestTotals } from "../metrics/report";

export const ALERT_RULES = [
  "latency_p95",
  "error_rate",
  "queue_lag",
  "dead_letters",
  "outbox_backlog",
  "invariant",
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** What the rules judge. A null input is unknown (the summary object did not answer): its rules are skipped. */
export interface AlertInputs {
  /** Every request of the last ALERT_POLICY.recentMinutes. */
  recent: RequestTotals | null;
  /** p95 queue wait over the same minutes (null inside: no messages). */
  queueLag: { p95Ms: number | null } | null;
  /** Objects that reported invariant failures within ALERT_POLICY.invariantMinutes. */
  invariant: { unit_id: string; violations: number }[] | null;
  deadLetters: number;
  outboxBacklog: number;
}

export interface Verdict {
  rule: AlertRule;
  firing: boolean;
  /** The measurement against its threshold, as a sentence for the email and the log. */
  summary: string;
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/**
 * The rules, pure. Too few requests to judge latency or errors counts as not firing: a quiet
 * night is no incident, and an incident that opened under load recovers when load goes away.
 */
export function evaluateRules(i: AlertInputs): Verdict[] {
  const out: Verdict[] = [];
  const p = ALERT_POLICY;
  if (i.recent) {
    const enough = i.recent.count >= p.minRequests;
    const p95 = i.recent.p95Ms;
    out.push({
      rule: "latency_p95",
      firing: enough && p95 !== null && p95 > p.p95Ms,
      summary: `p95 latency ${p95 ?? "n/a"} ms over ${i.recent.count} requests in ${p.recentMinutes} min (threshold ${p.p95Ms} ms)`,
    });
    out.push({
      rule: "error_rate",
      firing: enough && i.recent.errorRate > p.errorRate,
      summary: `${i.recent.errors} of ${i.recent.count} requests failed (${pct(i.recent.errorRate)}) in ${p.recentMinutes} min (threshold ${pct(p.errorRate)})`,
    });
  }
  if (i.queueLag) {
    const lag = i.queueLag.p95Ms;
    out.push({
      rule: "queue_lag",
      firing: lag !== null && lag > p.queueLagMs,
      summary: `p95 queue wait ${lag ?? "n/a"} ms in ${p.recentMinutes} min (threshold ${p.queueLagMs} ms)`,
    });
  }
  if (i.invariant) {
    const units = i.invariant.map((u) => u.unit_id).sort();
    out.push({
      rule: "invariant",
      firing: units.length > 0,
      summary:
        units.length > 0
          ? `inventory invariant failed in ${units.length} object(s): ${units.slice(0, 10).join(", ")}`
          : `no inventory object reported an invariant failure in ${p.invariantMinutes} min`,
    });
  }
  out.push({
    rule: "dead_letters",
    firing: i.deadLetters > p.deadLetters,
    summary: `${i.deadLetters} dead letters not replayed (threshold ${p.deadLetters})`,
  });
  out.push({
    rule: "outbox_backlog",
    firing: i.outboxBacklog > p.outboxBacklog,
    summary: `${i.outboxBacklog} emails pending for over ${p.outboxAgeSeconds} s (threshold ${p.outboxBacklog})`,
  });
  return out;
}
