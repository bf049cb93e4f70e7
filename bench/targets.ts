import type { Bundle } from "./build.ts";
import type { ScenarioResult } from "./scenario.ts";

export interface TargetResult {
  target: string;
  measured: string;
  /** null when a scenario it needs did not run. */
  ok: boolean | null;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/**
 * The same ratio from workerd's CPU per request instead of throughput: far less sensitive to
 * other processes on a shared machine (an estimate of the throughput ratio on idle cores).
 */
function cpuRatio(a: ScenarioResult, b: ScenarioResult): string {
  const perRequest = (r: ScenarioResult) =>
    r.load.cpuSeconds.workerd === null ? null : (r.load.cpuSeconds.workerd * 1000) / Math.max(1, r.load.sent);
  const [x, y] = [perRequest(a), perRequest(b)];
  return x === null || y === null
    ? ""
    : `; by workerd CPU per request ${x.toFixed(2)} vs ${y.toFixed(2)} ms = ${pct(y / x)}`;
}

/** "a reaches at least `share` of b's throughput", with the CPU ratio alongside. */
function throughputTarget(
  target: string,
  a: ScenarioResult | undefined,
  b: ScenarioResult | undefined,
  share: number,
): TargetResult {
  if (!a || !b) return missing(target);
  return {
    target,
    measured: `${a.load.rps.toFixed(0)} vs ${b.load.rps.toFixed(0)} req/s = ${pct(a.load.rps / b.load.rps)}${cpuRatio(a, b)}`,
    ok: a.load.rps >= share * b.load.rps,
  };
}

/** The targets, as ratios between scenarios of this one run. */
export function evaluateTargets(byId: Map<string, ScenarioResult>, bundle: Bundle): TargetResult[] {
  const out: TargetResult[] = [];
  const base = byId.get("baseline");
  const hot = byId.get("search-hot");
  out.push(
    throughputTarget("Hot search throughput >= 80 % of baseline", hot, base, 0.8),
    base && hot
      ? {
          target: "Hot search p99 <= 2x baseline p99",
          measured: `${hot.load.latencyMs.p99.toFixed(1)} vs ${base.load.latencyMs.p99.toFixed(1)} ms = ${(hot.load.latencyMs.p99 / base.load.latencyMs.p99).toFixed(2)}x`,
          ok: hot.load.latencyMs.p99 <= 2 * base.load.latencyMs.p99,
        }
      : missing("Hot search p99 <= 2x baseline p99"),
  );
  for (const [id, tier] of [
    ["search-hot", "memory"],
    ["search-kv", "kv"],
  ] as const) {
    const r = byId.get(id);
    const stats = r?.load.xCostByTier[tier]?.d1_queries;
    const hits = r?.load.servedBy[tier] ?? 0;
    out.push(
      r && stats
        ? {
            target: `A ${tier} hit does zero D1 queries`,
            measured: `${hits} ${tier} hits, D1 queries per hit max ${stats.max}; all responses incl. background: ${(r.costs.d1_queries ?? 0).toFixed(4)} per request`,
            ok: stats.max === 0,
          }
        : missing(`A ${tier} hit does zero D1 queries`),
    );
  }
  const origin = byId.get("search-origin");
  const originStats = origin?.load.xCostByTier.origin?.d1_queries;
  out.push(
    origin && originStats
      ? {
          target: "An origin search does exactly one D1 query",
          measured: `${origin.load.servedBy.origin ?? 0} origin loads: min ${originStats.min}, max ${originStats.max} per response; binding count ${(origin.costs.d1_queries ?? 0).toFixed(3)} per request (${origin.load.servedBy.joined ?? 0} joined another request's load)`,
          ok: originStats.min === 1 && originStats.max === 1,
        }
      : missing("An origin search does exactly one D1 query"),
  );
  const pk = byId.get("d1-pk");
  out.push(throughputTarget("Origin search >= 50 % of a bare D1 primary-key lookup", origin, pk, 0.5));
  const ping = byId.get("do-ping");
  const holds = byId.get("holds");
  out.push(
    throughputTarget("Holds on one departure >= 50 % of a bare Durable Object call", holds, ping, 0.5),
    holds
      ? {
          target: "Zero oversell",
          measured: holds.checks.map((c) => c.detail).join("; "),
          ok: holds.checks.every((c) => c.ok),
        }
      : missing("Zero oversell"),
  );
  const gzipKiB = bundle.wranglerKiB?.gzip ?? bundle.gzipBytes / 1024;
  out.push({
    target: "Bundle < 400 KB gzipped",
    measured: `${gzipKiB.toFixed(1)} KiB gzip (${(bundle.rawBytes / 1024).toFixed(0)} KiB raw)`,
    ok: gzipKiB * 1024 < 400 * 1000,
  });
  return out;
}

function missing(target: string): TargetResult {
  return { target, measured: "not run", ok: null };
}
