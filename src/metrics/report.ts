import { BOUNDS_MS, emptyTally, merge, quantile, type Tally } from "./tally";

/** Above the last histogram bound a quantile reads as one more millisecond than it: "over an hour". */
const OVERFLOW_MS = (BOUNDS_MS.at(-1) ?? 0) + 1;

const ms = (value: number | null) => (value === Number.POSITIVE_INFINITY ? OVERFLOW_MS : value);

/** Counters of one family (`hold.refused|…`), by their first label. */
function family(t: Tally, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(t.c)) {
    const [head, label = ""] = key.split("|");
    if (head === name) out[label] = (out[label] ?? 0) + n;
  }
  return out;
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

export interface RequestTotals {
  count: number;
  errors: number;
  errorRate: number;
  p95Ms: number | null;
}

/** Every route and tier together: what the latency and error-rate alerts judge. */
export function requestTotals(t: Tally): RequestTotals {
  const all = emptyTally();
  for (const [key, hist] of Object.entries(t.h)) if (key.startsWith("lat|")) merge(all, { c: {}, h: { all: hist } });
  const count = sum(family(t, "req"));
  const errors = sum(family(t, "err"));
  return { count, errors, errorRate: count === 0 ? 0 : errors / count, p95Ms: ms(quantile(all.h.all, 0.95)) };
}

/** The p95 wait of every queue's messages together (the queue-lag alert). */
export function queueLagP95(t: Tally): number | null {
  const all = emptyTally();
  for (const [key, hist] of Object.entries(t.h))
    if (key.startsWith("queue.lag|")) merge(all, { c: {}, h: { all: hist } });
  return ms(quantile(all.h.all, 0.95));
}

/** Units whose objects reported invariant failures, with how many violations. */
export function invariantFailures(t: Tally): { unit_id: string; violations: number }[] {
  return Object.entries(family(t, "invariant")).map(([unit_id, violations]) => ({ unit_id, violations }));
}

/** The body of GET /v1/admin/metrics (snake_case like every response). */
export function metricsReport(t: Tally) {
  const totals = requestTotals(t);
  const routes = Object.entries(t.c)
    .filter(([key]) => key.startsWith("req|"))
    .map(([key, count]) => {
      const [, route = "", tier = "-"] = key.split("|");
      const rest = `${route}|${tier}`;
      const hist = t.h[`lat|${rest}`];
      return {
        route,
        tier: tier === "-" ? null : tier,
        count,
        errors: t.c[`err|${rest}`] ?? 0,
        p50_ms: ms(quantile(hist, 0.5)),
        p95_ms: ms(quantile(hist, 0.95)),
        p99_ms: ms(quantile(hist, 0.99)),
      };
    })
    .sort((a, b) => b.count - a.count || a.route.localeCompare(b.route));
  const byTier: Record<string, number> = {};
  for (const r of routes) if (r.tier) byTier[r.tier] = (byTier[r.tier] ?? 0) + r.count;
  const cached = sum(byTier);
  const refused = family(t, "hold.refused");
  const queues = Object.entries(family(t, "queue")).map(([queue, messages]) => ({
    queue,
    messages,
    retries: t.c[`queue.retry|${queue}`] ?? 0,
    lag_p95_ms: ms(quantile(t.h[`queue.lag|${queue}`], 0.95)),
  }));
  return {
    requests: {
      count: totals.count,
      errors: totals.errors,
      error_rate: totals.errorRate,
      p95_ms: totals.p95Ms,
    },
    routes,
    cache: {
      answers: cached,
      /** Share of cached answers each tier gave; "origin" is a miss that went to D1. */
      tier_ratio: Object.fromEntries(Object.entries(byTier).map(([tier, n]) => [tier, n / cached])),
      hit_ratio: cached === 0 ? null : 1 - (byTier.origin ?? 0) / cached,
    },
    holds: { granted: sum(family(t, "hold.granted")), refused: sum(refused), refused_by_code: refused },
    queues,
    dead_letters: family(t, "queue.dead"),
    payments: family(t, "payment"),
    emails: { sent: t.c["email|sent"] ?? 0, failed: t.c["email|failed"] ?? 0 },
    invariant_failures: invariantFailures(t),
  };
}

export type MetricsReport = ReturnType<typeof metricsReport>;
