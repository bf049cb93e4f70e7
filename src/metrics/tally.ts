import type { MetricEvent } from "./events";

/**
 * The summary's one data shape: named counters and latency histograms. A minute of one
 * isolate's events, a flush, a stored minute and the last hour are all tallies, merged by
 * adding; the report (report.ts) reads them by name. Names are `<family>|<label>|<label>`.
 */
export interface Tally {
  c: Record<string, number>;
  h: Record<string, number[]>;
}

/** Upper bounds (ms) of the histogram buckets; one more bucket holds everything above the last. */
export const BOUNDS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000,
] as const;

export const emptyTally = (): Tally => ({ c: {}, h: {} });

export function count(t: Tally, name: string, n = 1): void {
  t.c[name] = (t.c[name] ?? 0) + n;
}

export function observe(t: Tally, name: string, ms: number): void {
  const hist = histogram(t, name);
  let i = BOUNDS_MS.findIndex((bound) => ms <= bound);
  if (i < 0) i = BOUNDS_MS.length;
  hist[i] = (hist[i] ?? 0) + 1;
}

function histogram(t: Tally, name: string): number[] {
  let hist = t.h[name];
  if (!hist) {
    hist = new Array<number>(BOUNDS_MS.length + 1).fill(0);
    t.h[name] = hist;
  }
  return hist;
}

export function merge(into: Tally, from: Tally): Tally {
  for (const [name, n] of Object.entries(from.c)) count(into, name, n);
  for (const [name, hist] of Object.entries(from.h)) {
    const target = histogram(into, name);
    hist.forEach((n, i) => {
      target[i] = (target[i] ?? 0) + n;
    });
  }
  return into;
}

/**
 * The upper bound of the bucket holding the q-quantile (null when empty; Infinity above the
 * last bound). A bucket bound, not an interpolation: "p95 ≤ 500 ms" is exact at 500.
 */
export function quantile(hist: readonly number[] | undefined, q: number): number | null {
  const total = hist?.reduce((a, b) => a + b, 0) ?? 0;
  if (!hist || total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i] ?? 0;
    if (seen >= rank) return BOUNDS_MS[i] ?? Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

/** Adds one event to a tally under the names report.ts reads. */
export function tallyEvent(t: Tally, e: MetricEvent): void {
  switch (e.kind) {
    case "request": {
      const key = `${e.method} ${e.route}|${e.tier ?? "-"}`;
      count(t, `req|${key}`);
      if (e.status >= 500) count(t, `err|${key}`);
      observe(t, `lat|${key}`, e.durationMs);
      return;
    }
    case "hold":
      count(t, e.outcome === "granted" ? `hold.granted|${e.product}` : `hold.refused|${e.code ?? "-"}`);
      return;
    case "queue":
      count(t, `queue|${e.queue}`);
      if (e.attempts > 1) count(t, `queue.retry|${e.queue}`);
      observe(t, `queue.lag|${e.queue}`, e.lagMs);
      return;
    case "dead_letter":
      count(t, `queue.dead|${e.queue}`);
      return;
    case "payment":
      count(t, `payment|${e.operation}_${e.outcome}`);
      return;
    case "email":
      count(t, `email|${e.outcome}`);
      return;
    case "invariant":
      count(t, `invariant|${e.unitId}`, e.violations);
      return;
  }
}
