import autocannon, { type Request } from "autocannon";
import { servedByFromTiming } from "./served-by.ts";
import { machineBusySeconds, processCpuSeconds } from "./worker.ts";

export interface LoadSpec {
  base: URL;
  requests: Request[];
  connections: number;
  seconds: number;
  workerdPid: number | null;
}

export interface LatencyMs {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  responses: number;
  /** Requests sent, including those still in flight when the run stopped (the Worker completes them). */
  sent: number;
  seconds: number;
  rps: number;
  latencyMs: LatencyMs;
  status: Record<string, number>;
  non2xx: number;
  /** Connection errors and timeouts: the server never answered. */
  socketErrors: number;
  /**
   * 5xx answers by the first line of their body (up to five distinct lines): one the runtime
   * answered itself ("Error: Cannot perform I/O…") leaves no log line of the Worker's.
   */
  serverErrors?: Record<string, number>;
  /** Mean of each x-cost counter over all responses (what the code counts while it answers). */
  xCost: Record<string, number>;
  /** Which cache tier answered, from Server-Timing (search only). */
  servedBy: Record<string, number>;
  /** x-cost counters per answering tier: sum, min and max over that tier's responses. */
  xCostByTier: Record<string, Record<string, { sum: number; min: number; max: number }>>;
  /** Latency percentiles per answering tier (search over a list of requests only). */
  latencyByTier?: Record<string, LatencyMs>;
  /**
   * CPU seconds used during the run: by this process (load generator, Miniflare's Node side),
   * by workerd, and by the whole machine (other processes = machine - harness - workerd).
   */
  cpuSeconds: { harness: number; workerd: number | null; machine: number | null };
}

/** Exact percentiles over every response time (autocannon's own histogram has no p95). */
export function percentiles(samples: Float64Array): LatencyMs {
  const sorted = samples.slice().sort();
  const at = (q: number) =>
    sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

export function parseCostHeader(header: string | undefined): [string, number][] {
  if (!header) return [];
  return header
    .split(",")
    .map((part) => part.trim().split("="))
    .filter((kv): kv is [string, string] => kv.length === 2 && kv[0] !== "")
    .map(([k, v]) => [k, Number(v)]);
}

/**
 * autocannon walks a request list from the top on every connection, so N connections would ask
 * for the same path at the same moment (and share one cache load). One shared cursor hands each
 * connection the next request of the list instead.
 */
function interleaved(list: Request[], onResponse: Request["onResponse"]): Request[] {
  if (list.length <= 1) return list.map((r) => ({ ...r, onResponse }));
  let cursor = 0;
  const setupRequest = (req: Request, context: Record<string, unknown>): Request => {
    const next = list[cursor++ % list.length] ?? {};
    // One request in flight per connection (no pipelining): its answer's latency, per tier.
    context.sentAt = performance.now();
    return { ...req, ...next, headers: { ...req.headers, ...next.headers } };
  };
  return [{ method: "GET", setupRequest, onResponse }];
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/** Drives `requests` round-robin over `connections` keep-alive connections for `seconds`. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const costTotals = new Map<string, number>();
  const servedBy: Record<string, number> = {};
  const byTier: LoadResult["xCostByTier"] = {};
  const tierLatencies: Record<string, number[]> = {};
  let observed = 0;
  const serverErrors: Record<string, number> = {};
  const onResponse: Request["onResponse"] = (status, body, context, raw) => {
    observed++;
    if (status >= 500) noteServerError(serverErrors, status, body);
    const headers = lowerCaseKeys(raw);
    const costs = new Map(parseCostHeader(headers["x-cost"]));
    for (const [k, v] of costs) costTotals.set(k, (costTotals.get(k) ?? 0) + v);
    const tier = servedByFromTiming(headers["server-timing"]);
    if (!tier) return;
    servedBy[tier] = (servedBy[tier] ?? 0) + 1;
    if (typeof context.sentAt === "number") {
      const latencies = tierLatencies[tier] ?? [];
      tierLatencies[tier] = latencies;
      latencies.push(performance.now() - context.sentAt);
    }
    const stats = byTier[tier] ?? {};
    byTier[tier] = stats;
    for (const counter of new Set([...costs.keys(), ...Object.keys(stats), "d1_queries"])) {
      const v = costs.get(counter) ?? 0;
      const s = stats[counter];
      if (s) stats[counter] = { sum: s.sum + v, min: Math.min(s.min, v), max: Math.max(s.max, v) };
      // A counter first seen now was 0 on this tier's earlier responses.
      else stats[counter] = { sum: v, min: servedBy[tier] > 1 ? 0 : v, max: v };
    }
  };
  const cpuSeconds = cpuWindow(spec.workerdPid);
  const instance = autocannon({
    url: spec.base.href,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    requests: interleaved(spec.requests, onResponse),
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  const cpu = cpuSeconds();
  const status: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) status[code] = count;
  const responses = latencies.length;
  return {
    responses,
    sent: Math.max(responses, result.requests.sent),
    seconds: result.duration,
    rps: responses / result.duration,
    latencyMs: percentiles(Float64Array.from(latencies)),
    status,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    ...(Object.keys(serverErrors).length > 0 ? { serverErrors } : {}),
    xCost: Object.fromEntries([...costTotals].map(([k, v]) => [k, v / Math.max(1, observed)])),
    servedBy,
    xCostByTier: byTier,
    latencyByTier: Object.fromEntries(
      Object.entries(tierLatencies).map(([tier, ms]) => [tier, percentiles(Float64Array.from(ms))]),
    ),
    cpuSeconds: cpu,
  };
}

/** Counts a 5xx answer under the first line of its body, keeping at most five distinct lines. */
export function noteServerError(into: Record<string, number>, status: number, body: unknown): void {
  const line = `${status} ${
    String(body ?? "")
      .split("\n")[0]
      ?.slice(0, 200) ?? ""
  }`;
  if (into[line] !== undefined) into[line]++;
  else if (Object.keys(into).length < 5) into[line] = 1;
}

/** Starts measuring CPU; the returned function says what this process, workerd and the machine used since. */
export function cpuWindow(workerdPid: number | null): () => LoadResult["cpuSeconds"] {
  const cpuBefore = process.cpuUsage();
  const workerdBefore = processCpuSeconds(workerdPid);
  const machineBefore = machineBusySeconds();
  return () => {
    const cpu = process.cpuUsage(cpuBefore);
    const workerdAfter = processCpuSeconds(workerdPid);
    const machineAfter = machineBusySeconds();
    return {
      harness: (cpu.user + cpu.system) / 1e6,
      workerd: workerdBefore === null || workerdAfter === null ? null : workerdAfter - workerdBefore,
      machine: machineBefore === null || machineAfter === null ? null : machineAfter - machineBefore,
    };
  };
}

/** What a scenario that sends its own requests (not through autocannon) tallied, as a LoadResult. */
export function handDrivenLoad(
  tally: { latencies: number[]; status: Record<string, number>; socketErrors: number },
  a: { responses: number; sent: number; seconds: number; cpuSeconds: LoadResult["cpuSeconds"] },
): LoadResult {
  return {
    responses: a.responses,
    sent: a.sent,
    seconds: a.seconds,
    rps: a.responses / a.seconds,
    latencyMs: percentiles(Float64Array.from(tally.latencies)),
    status: tally.status,
    non2xx: Object.entries(tally.status).reduce((n, [code, c]) => (code.startsWith("2") ? n : n + c), 0),
    socketErrors: tally.socketErrors,
    xCost: {},
    servedBy: {},
    xCostByTier: {},
    cpuSeconds: a.cpuSeconds,
  };
}
