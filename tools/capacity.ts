/**
 * `npm run capacity`: the capacity model (docs/capacity.md). Turns the bench's operations per
 * request (bench/results-redis.json, the production-like stack with Redis) and the published
 * limits and prices into the monthly bill at 1k, 10k and 100k requests per second of a stated mix,
 * and the limit that binds first at each step. Prints Markdown.
 *
 *   npm run capacity [-- --results bench/results-redis.json]
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { PRICES } from "../bench/prices.ts";
import { readScenarios } from "./capacity/bench-results.ts";

const SECONDS_PER_MONTH = 30 * 86_400;

/** The mix: shares of all requests, by bench scenario. Search answers mostly from the upper tiers. */
export const MIX: Record<string, number> = {
  "search-hot": 0.6,
  "search-kv": 0.22,
  "search-redis": 0.09,
  "search-origin": 0.04,
  holds: 0.03,
  // A booking journey's requests (hold, book, look-ups, cancel), averaged per request.
  journey: 0.02,
};

/** Published limits (checked 2026-11, with where each is stated). */
export const LIMITS = {
  doRequestsPerObject: {
    value: 1_000,
    source: "https://developers.cloudflare.com/durable-objects/platform/limits/ (soft limit per object)",
  },
  d1QueriesPerSecond: {
    value: 1_000,
    source:
      "https://developers.cloudflare.com/d1/platform/limits/ (one database is single-threaded: ~1,000 queries/s at 1 ms each)",
  },
  d1SizeGb: { value: 10, source: "https://developers.cloudflare.com/d1/platform/limits/ (per database, Workers Paid)" },
  kvWritesPerKeyPerSecond: { value: 1, source: "https://developers.cloudflare.com/kv/platform/limits/" },
  queueMessagesPerSecond: {
    value: 5_000,
    source: "https://developers.cloudflare.com/queues/platform/limits/ (per queue)",
  },
  upstashCommandsPerSecond: {
    value: 10_000,
    source: "https://upstash.com/pricing/redis (pay as you go: max 10,000 requests/s per database)",
  },
} as const;

/** Share of all holds that go to the single busiest unit (an on-sale event concentrates far more). */
const HOTTEST_UNIT_SHARE_OF_HOLDS = 0.05;

function mixOps(results: string): Record<string, number> {
  const scenarios = readScenarios(results);
  const ops: Record<string, number> = {};
  for (const [id, share] of Object.entries(MIX)) {
    const s = scenarios.get(id);
    if (!s) throw new Error(`${results} has no scenario "${id}"`);
    for (const [k, n] of Object.entries(s.perRequest)) ops[k] = (ops[k] ?? 0) + share * n;
  }
  return ops;
}

function monthlyCost(ops: Record<string, number>, rps: number) {
  const millions = (rps * SECONDS_PER_MONTH) / 1e6;
  const lines: [string, number][] = [["workers_requests", millions * PRICES.workers_requests.usdPerMillion]];
  for (const [k, price] of Object.entries(PRICES)) {
    if (k === "workers_requests" || k === "workers_cpu_ms") continue;
    const n = ops[k] ?? 0;
    if (n > 0) lines.push([k, millions * n * price.usdPerMillion]);
  }
  return { lines, total: lines.reduce((a, [, usd]) => a + usd, 0) };
}

function pressures(ops: Record<string, number>, rps: number) {
  const holdsPerSecond = rps * (MIX.holds ?? 0);
  return [
    { limit: "D1 queries/s (one database)", load: rps * (ops.d1_queries ?? 0), max: LIMITS.d1QueriesPerSecond.value },
    {
      limit: "Redis commands/s (Upstash pay as you go)",
      load: rps * (ops.redis_commands ?? 0),
      max: LIMITS.upstashCommandsPerSecond.value,
    },
    {
      limit: "Holds/s on the busiest inventory object",
      load: holdsPerSecond * HOTTEST_UNIT_SHARE_OF_HOLDS,
      max: LIMITS.doRequestsPerObject.value,
    },
    {
      limit: "Queue messages/s (per queue)",
      load: rps * (ops.queue_messages ?? 0),
      max: LIMITS.queueMessagesPerSecond.value,
    },
  ].map((p) => ({ ...p, ratio: p.load / p.max }));
}

const usd = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;
const num = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(n >= 10 ? 1 : 2));

function main(): void {
  const { values } = parseArgs({ options: { results: { type: "string", default: "bench/results-redis.json" } } });
  const results = path.resolve(values.results ?? "bench/results-redis.json");
  const ops = mixOps(results);
  const out: string[] = [];
  out.push(`Operations per request of the mix (from ${path.relative(process.cwd(), results)}):`, "");
  out.push("| Operation | Per request |", "| --- | --- |");
  for (const [k, n] of Object.entries(ops).sort()) if (n > 0) out.push(`| ${k} | ${n.toFixed(4)} |`);
  out.push(
    "",
    "| Requests/s | Monthly cost | Without the Redis tier | Largest lines | First limit reached (load / limit) |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const rps of [1_000, 10_000, 100_000]) {
    const cost = monthlyCost(ops, rps);
    const top = [...cost.lines]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, v]) => `${k} ${usd(v)}`)
      .join(", ");
    const binding = pressures(ops, rps).sort((a, b) => b.ratio - a.ratio);
    const first = binding[0];
    const over = binding.filter((p) => p.ratio >= 1).map((p) => p.limit);
    const verdict = first
      ? `${first.limit}: ${num(first.load)} / ${num(first.max)}${over.length > 1 ? ` (also over: ${over.slice(1).join("; ")})` : ""}`
      : "none";
    const redis = cost.lines.find(([k]) => k === "redis_commands")?.[1] ?? 0;
    out.push(
      `| ${rps.toLocaleString("en-US")} | ${usd(cost.total)} | ${usd(cost.total - redis)} | ${top} | ${verdict} |`,
    );
  }
  out.push(
    "",
    "Not priced: stored data (D1, KV and Durable Object storage by the GB-month), CPU time, free allowances.",
  );
  console.log(out.join("\n"));
}

main();
