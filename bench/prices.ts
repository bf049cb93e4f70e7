/**
 * Published list prices beyond each plan's included usage (Workers Paid; Upstash Pay as You Go),
 * in US dollars per million units. Looked up in stored copies of the pages below (see
 * BENCHMARKS.md for what each copy showed and its date where the copy carries one).
 */
export interface Price {
  usdPerMillion: number;
  source: string;
}

export const PRICES = {
  workers_requests: { usdPerMillion: 0.3, source: "https://developers.cloudflare.com/workers/platform/pricing/" },
  workers_cpu_ms: { usdPerMillion: 0.02, source: "https://developers.cloudflare.com/workers/platform/pricing/" },
  kv_reads: { usdPerMillion: 0.5, source: "https://developers.cloudflare.com/kv/platform/pricing/" },
  kv_writes: { usdPerMillion: 5, source: "https://developers.cloudflare.com/kv/platform/pricing/" },
  kv_lists: { usdPerMillion: 5, source: "https://developers.cloudflare.com/kv/platform/pricing/" },
  d1_rows_read: { usdPerMillion: 0.001, source: "https://developers.cloudflare.com/d1/platform/pricing/" },
  d1_rows_written: { usdPerMillion: 1, source: "https://developers.cloudflare.com/d1/platform/pricing/" },
  do_calls: { usdPerMillion: 0.15, source: "https://developers.cloudflare.com/durable-objects/platform/pricing/" },
  // Duration: wall time an object is active, billed for 128 MB whatever it uses (GB-s).
  do_gb_s: { usdPerMillion: 12.5, source: "https://developers.cloudflare.com/durable-objects/platform/pricing/" },
  // SQLite-backed objects' own storage, billed like D1 since January 2026.
  do_rows_read: { usdPerMillion: 0.001, source: "https://developers.cloudflare.com/durable-objects/platform/pricing/" },
  do_rows_written: { usdPerMillion: 1, source: "https://developers.cloudflare.com/durable-objects/platform/pricing/" },
  // Each message is written, read and deleted once when delivered first time: 3 operations.
  queue_messages: { usdPerMillion: 3 * 0.4, source: "https://developers.cloudflare.com/queues/platform/pricing/" },
  redis_commands: { usdPerMillion: 2, source: "https://upstash.com/pricing/redis" },
  log_events: {
    usdPerMillion: 0.6,
    source:
      "https://developers.cloudflare.com/workers/observability/logs/workers-logs/ (Workers Paid, beyond 20 million a month)",
  },
  ae_points: {
    usdPerMillion: 0.25,
    source:
      "https://developers.cloudflare.com/analytics/analytics-engine/pricing/ (Workers Paid, beyond 10 million a month)",
  },
} as const satisfies Record<string, Price>;

export type PricedCounter = keyof typeof PRICES;

export interface CostBreakdown {
  /** USD per million units, by counter; only counters with a price. */
  byCounter: Record<string, number>;
  total: number;
}

/**
 * USD per million units (requests or journeys) from per-unit counts. Not priced: stored data
 * (D1, KV, Durable Objects), CPU time (see cpuCostPerMillion), free allowances.
 */
export function costPerMillion(perUnit: Record<string, number>, requestsPerUnit: number): CostBreakdown {
  const counts: Record<string, number> = { ...perUnit, workers_requests: requestsPerUnit };
  const byCounter: Record<string, number> = {};
  let total = 0;
  for (const [counter, price] of Object.entries(PRICES)) {
    const n = counts[counter];
    if (!n || counter === "workers_cpu_ms") continue;
    const usd = n * price.usdPerMillion;
    byCounter[counter] = usd;
    total += usd;
  }
  return { byCounter, total };
}

/** CPU time at Workers' price: an upper bound when the milliseconds include local emulation. */
export function cpuCostPerMillion(cpuMsPerUnit: number): number {
  return cpuMsPerUnit * PRICES.workers_cpu_ms.usdPerMillion;
}
