import type { LoadResult } from "./load.ts";
import type { ScenarioResult } from "./scenario.ts";

/** A measurement repeated: its median (what verdicts read) and its range over the repetitions. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The middle value; the mean of the two middle values for an even count; NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** A scenario's repetitions; results saved before repetitions existed have one: the load itself. */
export const runsOf = (r: ScenarioResult): LoadResult[] => (r.runs?.length ? r.runs : [r.load]);

/** workerd's CPU milliseconds per response of one run, or null when workerd was not found. */
export function workerdCpuMsPerResponse(run: LoadResult): number | null {
  return run.cpuSeconds.workerd === null ? null : (run.cpuSeconds.workerd * 1000) / Math.max(1, run.responses);
}

/** Cores used by other processes during one run (machine − harness − workerd). */
export function otherCores(run: LoadResult): number | null {
  const { machine, workerd, harness } = run.cpuSeconds;
  if (machine === null || workerd === null) return null;
  return Math.max(0, (machine - workerd - harness) / run.seconds);
}

const sumOrNull = (values: (number | null)[]) =>
  values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0);

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/**
 * One scenario's repetitions as one result: throughput and each latency percentile are the
 * median over the repetitions (a verdict flips only when the median crosses its line); counts,
 * CPU and time are summed, so costs per request average over every request sent.
 */
export function combineRuns(runs: readonly LoadResult[]): LoadResult {
  if (runs.length === 0) throw new Error("no runs to combine");
  const status: Record<string, number> = {};
  const servedBy: Record<string, number> = {};
  const byTier: LoadResult["xCostByTier"] = {};
  const xCostSums: Record<string, number> = {};
  for (const run of runs) {
    addCounts(status, run.status);
    addCounts(servedBy, run.servedBy);
    for (const [k, v] of Object.entries(run.xCost)) xCostSums[k] = (xCostSums[k] ?? 0) + v * run.responses;
    for (const [tier, counters] of Object.entries(run.xCostByTier)) {
      const into = byTier[tier] ?? {};
      byTier[tier] = into;
      for (const [counter, s] of Object.entries(counters)) {
        const was = into[counter];
        into[counter] = was
          ? { sum: was.sum + s.sum, min: Math.min(was.min, s.min), max: Math.max(was.max, s.max) }
          : s;
      }
    }
  }
  const responses = runs.reduce((n, r) => n + r.responses, 0);
  const tiers = new Set(runs.flatMap((r) => Object.keys(r.latencyByTier ?? {})));
  const latencyByTier = Object.fromEntries(
    [...tiers].map((tier) => {
      const each = runs.flatMap((r) => r.latencyByTier?.[tier] ?? []);
      const at = (key: "p50" | "p95" | "p99") => median(each.map((l) => l[key]));
      return [tier, { p50: at("p50"), p95: at("p95"), p99: at("p99"), max: Math.max(...each.map((l) => l.max)) }];
    }),
  );
  const percentile = (key: "p50" | "p95" | "p99") => median(runs.map((r) => r.latencyMs[key]));
  return {
    responses,
    sent: runs.reduce((n, r) => n + r.sent, 0),
    seconds: runs.reduce((n, r) => n + r.seconds, 0),
    rps: median(runs.map((r) => r.rps)),
    latencyMs: {
      p50: percentile("p50"),
      p95: percentile("p95"),
      p99: percentile("p99"),
      max: Math.max(...runs.map((r) => r.latencyMs.max)),
    },
    status,
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    socketErrors: runs.reduce((n, r) => n + r.socketErrors, 0),
    ...serverErrorsOf(runs),
    xCost: Object.fromEntries(Object.entries(xCostSums).map(([k, v]) => [k, v / Math.max(1, responses)])),
    servedBy,
    xCostByTier: byTier,
    ...(tiers.size > 0 ? { latencyByTier } : {}),
    cpuSeconds: {
      harness: runs.reduce((n, r) => n + r.cpuSeconds.harness, 0),
      workerd: sumOrNull(runs.map((r) => r.cpuSeconds.workerd)),
      machine: sumOrNull(runs.map((r) => r.cpuSeconds.machine)),
    },
  };
}

/** The runs' 5xx body lines, counted together (absent when there were none). */
function serverErrorsOf(runs: readonly LoadResult[]): { serverErrors?: Record<string, number> } {
  const all: Record<string, number> = {};
  for (const run of runs)
    for (const [line, n] of Object.entries(run.serverErrors ?? {})) all[line] = (all[line] ?? 0) + n;
  return Object.keys(all).length > 0 ? { serverErrors: all } : {};
}
