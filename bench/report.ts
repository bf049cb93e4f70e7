import os from "node:os";
import { costPerMillion, cpuCostPerMillion } from "./prices.ts";
import type { ScenarioResult } from "./scenario.ts";
import { otherCores, runsOf, type Spread, spread } from "./stats.ts";

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
}

export function machine(): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export interface Row {
  id: string;
  title: string;
  connections: number;
  /** Medians over the repetitions. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Median and range over the repetitions. */
  rpsSpread: Spread;
  p99Spread: Spread;
  non2xx: number;
  socketErrors: number;
  unit: string;
  d1Queries: number;
  d1RowsRead: number;
  d1RowsWritten: number;
  kvReads: number;
  kvWrites: number;
  /** Commands the client sent (what Upstash bills). */
  redis: number;
  /** Commands redis-server ran, including those inside Lua scripts (with --redis only). */
  redisServer: number | null;
  doCalls: number;
  /** The object's busy time per unit (its billed duration, GB-s / 128 MB) and its own rows written. */
  doBusyMs: number;
  doRowsWritten: number;
  queueMessages: number;
  /** USD per million units from the counters above (CPU excluded). */
  usdPerMillion: number;
  /** workerd CPU ms per unit: includes local D1/KV/DO emulation, so an upper bound for the Worker. */
  workerdCpuMs: number | null;
  cpuUsdPerMillion: number | null;
  /** Cores kept busy by processes other than the harness and workerd: the most in any repetition. */
  otherCores: number | null;
  servedBy: Record<string, number>;
}

export function toRow(r: ScenarioResult): Row {
  const c = (k: string) => r.costs[k] ?? 0;
  const units = r.unit === "journey" ? Number(r.extra.journeys ?? 0) : r.load.responses;
  const workerdCpuMs =
    r.load.cpuSeconds.workerd === null ? null : (r.load.cpuSeconds.workerd * 1000) / Math.max(1, units);
  return {
    id: r.id,
    title: r.title,
    connections: r.connections,
    rps: r.load.rps,
    p50: r.load.latencyMs.p50,
    p95: r.load.latencyMs.p95,
    p99: r.load.latencyMs.p99,
    rpsSpread: spread(runsOf(r).map((run) => run.rps)),
    p99Spread: spread(runsOf(r).map((run) => run.latencyMs.p99)),
    non2xx: r.load.non2xx,
    socketErrors: r.load.socketErrors,
    unit: r.unit,
    d1Queries: c("d1_queries"),
    d1RowsRead: c("d1_rows_read"),
    d1RowsWritten: c("d1_rows_written"),
    kvReads: c("kv_reads"),
    kvWrites: c("kv_writes"),
    redis: c("redis_commands"),
    redisServer: r.costs.redis_server_commands ?? null,
    doCalls: c("do_calls"),
    doBusyMs: (c("do_gb_s") / 0.128) * 1000,
    doRowsWritten: c("do_rows_written"),
    queueMessages: c("queue_messages"),
    usdPerMillion: r.id === "floor" ? 0 : costPerMillion(r.costs, r.requestsPerUnit).total,
    workerdCpuMs,
    cpuUsdPerMillion: workerdCpuMs === null ? null : cpuCostPerMillion(workerdCpuMs),
    otherCores: mostOtherCores(r),
    servedBy: r.load.servedBy,
  };
}

function mostOtherCores(r: ScenarioResult): number | null {
  const each = runsOf(r).map(otherCores);
  return each.some((c) => c === null) ? null : Math.max(...(each as number[]));
}

/** `2,383 (2,310–2,420)`: the median, then the range over the repetitions when there are several. */
export function withRange(s: Spread, digits = 0): string {
  const f = (x: number) => num(x, digits);
  return s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}
const num = (x: number, digits = 0) =>
  x.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const small = (x: number) => (x === 0 ? "0" : x >= 100 ? num(x) : x >= 1 ? num(x, 2) : num(x, 3));

export const HEAD = [
  "scenario",
  "conns",
  "req/s (range)",
  "p50 ms",
  "p95 ms",
  "p99 ms (range)",
  "non-2xx",
  "sock err",
  "D1 q",
  "D1 rows r/w",
  "KV r/w",
  "Redis",
  "DO",
  "DO busy ms / rows w",
  "queue",
  "$ / M",
  "workerd CPU ms",
  "other cores",
];

export function cells(row: Row): string[] {
  const per = row.unit === "journey" ? " /journey" : "";
  return [
    row.id,
    String(row.connections),
    withRange(row.rpsSpread),
    num(row.p50, 1),
    num(row.p95, 1),
    withRange(row.p99Spread, 1),
    String(row.non2xx),
    String(row.socketErrors),
    small(row.d1Queries) + per,
    `${small(row.d1RowsRead)}/${small(row.d1RowsWritten)}`,
    `${small(row.kvReads)}/${small(row.kvWrites)}`,
    small(row.redis),
    small(row.doCalls),
    row.doCalls === 0 ? "-" : `${small(row.doBusyMs)} / ${small(row.doRowsWritten)}`,
    small(row.queueMessages),
    row.id === "floor" ? "-" : `$${num(row.usdPerMillion, 2)}`,
    row.workerdCpuMs === null ? "-" : num(row.workerdCpuMs, 2),
    row.otherCores === null ? "-" : num(row.otherCores, 2),
  ];
}

export function printTable(rows: Row[]): void {
  const table = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...table.map((r) => (r[i] ?? "").length)));
  for (const [i, r] of table.entries()) {
    console.log(r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j] ?? 0) : cell.padStart(widths[j] ?? 0))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}
