import type { Request } from "autocannon";
import type { Fixtures } from "./fixtures.ts";
import { type LoadResult, runLoad } from "./load.ts";
import type { BenchOptions } from "./options.ts";
import type { BenchRedis } from "./redis.ts";
import type { RunningWorker } from "./worker.ts";

export interface BenchContext {
  base: URL;
  opts: BenchOptions;
  fixtures: Fixtures;
  worker: RunningWorker;
  redis: BenchRedis | null;
  /** bench/out: scratch space for this run. */
  outDir: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** What was requested and how, in a sentence or two, for the report. */
  method: string;
  connections: number;
  load: LoadResult;
  /** What the costs are divided by: one HTTP request, or one whole journey. */
  unit: "request" | "journey";
  /** HTTP requests per unit (1 unless unit is journey). */
  requestsPerUnit: number;
  /** Per unit, counted at the bindings (background work included) and at redis-server. */
  costs: Record<string, number>;
  checks: { name: string; ok: boolean; detail: string }[];
  extra: Record<string, unknown>;
}

export interface Scenario {
  id: string;
  title: string;
  needsRedis?: boolean;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Counts = Record<string, number>;

/** Binding counters of the Worker's isolate plus, with --redis, redis-server's command count. */
export async function costSnapshot(ctx: BenchContext): Promise<Counts> {
  const res = await fetch(new URL("/__bench/costs", ctx.base));
  if (!res.ok) throw new Error(`/__bench/costs answered ${res.status}: is the benchmark's entry running?`);
  const counts = (await res.json()) as Counts;
  // redis_commands is counted at the client (what Upstash bills); redis-server's count also
  // includes the commands run inside the rate limiter's Lua script and is kept as a cross-check.
  counts.redis_commands ??= 0;
  if (ctx.redis) counts.redis_server_commands = await ctx.redis.commandsProcessed();
  return counts;
}

export function perUnit(before: Counts, after: Counts, units: number): Counts {
  const out: Counts = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    out[key] = ((after[key] ?? 0) - (before[key] ?? 0)) / Math.max(1, units);
  }
  return out;
}

/**
 * Warm up (not measured), then measure `requests` under load and read what it cost. The pause
 * before the second snapshot lets background work (cache fills in waitUntil) finish and count.
 */
export async function measure(
  ctx: BenchContext,
  s: { id: string; title: string; method: string; requests: Request[]; connections?: number },
): Promise<{ result: ScenarioResult; warmup: LoadResult | null }> {
  const connections = s.connections ?? ctx.opts.connections;
  const spec = { base: ctx.base, requests: s.requests, connections, workerdPid: ctx.worker.workerdPid };
  const warmup = ctx.opts.warmup > 0 ? await runLoad({ ...spec, seconds: ctx.opts.warmup }) : null;
  await sleep(300);
  const before = await costSnapshot(ctx);
  const load = await runLoad({ ...spec, seconds: ctx.opts.duration });
  await sleep(500);
  const after = await costSnapshot(ctx);
  return {
    warmup,
    result: {
      id: s.id,
      title: s.title,
      method: s.method,
      connections,
      load,
      unit: "request",
      requestsPerUnit: 1,
      // Divided by requests sent: those cut off when the load stops still reach the Worker and cost.
      costs: perUnit(before, after, load.sent),
      checks: [],
      extra: {},
    },
  };
}

export function get(path: string, headers?: Record<string, string>): Request {
  return headers ? { method: "GET", path, headers } : { method: "GET", path };
}
