import { METRICS_POLICY } from "../config";
import type { MetricEvent } from "./events";
import { emptyTally, type Tally, tallyEvent } from "./tally";

/** A tally of one minute (epoch minute = floor(ms / 60 000)): what a flush carries. */
export interface MinuteTally {
  minute: number;
  tally: Tally;
}

export const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/**
 * One isolate's events not yet sent to the summary object, by minute. Due on the first event
 * after a quiet flushSeconds (so a lightly used isolate reports at once) and then at most every
 * flushSeconds, or when maxPendingEvents pile up: under load one Durable Object call carries the
 * tallies of thousands of requests. Events still here when an isolate is evicted are lost
 * (Analytics Engine has them; only the rolling summary misses them).
 */
export class MetricsBuffer {
  private pending = new Map<number, Tally>();
  private events = 0;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = Date.now) {}

  add(event: MetricEvent): void {
    const minute = minuteOf(this.now());
    let tally = this.pending.get(minute);
    if (!tally) {
      tally = emptyTally();
      this.pending.set(minute, tally);
    }
    tallyEvent(tally, event);
    this.events++;
  }

  due(): boolean {
    if (this.events === 0) return false;
    return (
      this.events >= METRICS_POLICY.maxPendingEvents ||
      this.now() - this.lastFlush >= METRICS_POLICY.flushSeconds * 1000
    );
  }

  /** Empties the buffer; the caller sends what it returns (or loses it). */
  take(): MinuteTally[] {
    const out = [...this.pending].map(([minute, tally]) => ({ minute, tally }));
    this.pending.clear();
    this.events = 0;
    this.lastFlush = this.now();
    return out;
  }
}
