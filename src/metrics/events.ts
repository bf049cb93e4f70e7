/**
 * What the platform measures, as events. Domain code records them through `Metrics` (a small
 * interface in its deps) and never learns where they go: Workers Analytics Engine for long-term
 * querying (points.ts) and the rolling last-hour summary the Worker reads itself (tally.ts).
 */
export type MetricEvent =
  /**
   * One answered request. `route` is the route pattern (never the raw path: bounded cardinality).
   * `weight`: how many requests its Analytics Engine point stands for, 0 for none
   * (src/http/request-recording.ts); the rolling summary counts every request once whatever it says.
   */
  | {
      kind: "request";
      method: string;
      route: string;
      status: number;
      tier: string | null;
      durationMs: number;
      weight: number;
    }
  | { kind: "hold"; outcome: "granted" | "refused"; product: string; code: string | null }
  /** One message a consumer received; `lagMs` = now − the message's enqueue timestamp. */
  | { kind: "queue"; queue: string; lagMs: number; attempts: number }
  | { kind: "dead_letter"; queue: string }
  /** The provider's answer to one charge or refund attempt. */
  | { kind: "payment"; operation: "charge" | "refund"; outcome: string }
  | { kind: "email"; outcome: "sent" | "failed" }
  /** An inventory object's audit found its counts broken (held + sold > capacity, or a ledger that does not replay). */
  | { kind: "invariant"; unitId: string; violations: number };

export type MetricKind = MetricEvent["kind"];

export interface Metrics {
  /** Never throws and never awaits: metrics are lost rather than slow or fail the caller. */
  record(event: MetricEvent): void;
}

/** For callers that have nothing to report to (scripts, unit tests of a verb). */
export const noMetrics: Metrics = { record: () => {} };
