import type { Request } from "autocannon";
import type { Fixtures } from "./fixtures.ts";
import { type LoadResult, runLoad } from "./load.ts";
import type { BenchOptions } from "./options.ts";
import { waitForQuiet } from "./quiet.ts";
import type { BenchRedis } from "./redis.ts";
import { combineRuns } from "./stats.ts";
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
  /** The repetitions combined: medians of throughput and latency, sums of counts (bench/stats.ts). */
  load: LoadResult;
  /** Each measured repetition, in order. */
  runs: LoadResult[];
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
 * Runs `once` `opts.repeat` times. Before each, a full run waits (up to 10 s) for other processes
 * to go quiet; --quick does not wait, it is a smoke check.
 */
export async function repeated<T>(ctx: BenchContext, id: string, once: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ctx.opts.repeat; i++) {
    const others = ctx.opts.quick ? 0 : await waitForQuiet(ctx.worker.workerdPid, 10);
    if (others >= 0.25) console.log(`[bench] ${id}: other processes use ${others.toFixed(2)} cores; measuring anyway`);
    out.push(await once());
  }
  return out;
}

/**
 * Warm up (not measured), then measure `requests` under load `opts.repeat` times and read what it
 * cost. The pause before the last snapshot lets background work (cache fills in waitUntil) finish
 * and count; costs are divided by every request sent over the repetitions.
 */
export async function measure(
  ctx: BenchContext,
  s: {
    id: string;
    title: string;
    method: string;
    requests: Request[];
    connections?: number;
    /** Warm-up seconds, when the scenario needs longer than `opts.warmup` to reach its steady state. */
    warmup?: number;
  },
): Promise<{ result: ScenarioResult; warmup: LoadResult | null }> {
  const connections = s.connections ?? ctx.opts.connections;
  const spec = { base: ctx.base, requests: s.requests, connections, workerdPid: ctx.worker.workerdPid };
  const warmupSeconds = ctx.opts.warmup > 0 ? Math.max(ctx.opts.warmup, s.warmup ?? 0) : 0;
  const warmup = warmupSeconds > 0 ? await runLoad({ ...spec, seconds: warmupSeconds }) : null;
  await sleep(300);
  const before = await costSnapshot(ctx);
  const runs = await repeated(ctx, s.id, () => runLoad({ ...spec, seconds: ctx.opts.duration }));
  await sleep(500);
  const after = await costSnapshot(ctx);
  const load = combineRuns(runs);
  return {
    warmup,
    result: {
      id: s.id,
      title: s.title,
      method: s.method,
      connections,
      load,
      runs,
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
