import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Bundle } from "./build.ts";
import { costPerMillion, PRICES } from "./prices.ts";
import { cells, HEAD, type Machine, type Row, toRow } from "./report.ts";
import type { ScenarioResult } from "./scenario.ts";
import type { SeededState } from "./seed.ts";
import type { TargetResult } from "./targets.ts";

export interface Report {
  command: string;
  date: string;
  machine: Machine;
  bundle: Bundle;
  startup: { readyMs: number; firstResponseMs: number } | null;
  seed: SeededState;
  state: "tmpfs" | "disk";
  rows: Row[];
  scenarios: ScenarioResult[];
  targets: TargetResult[];
  workerErrors: string[];
  totalSeconds: number;
}

/**
 * Rewrites one generated part of BENCHMARKS.md ("default", or "redis" for --redis runs) and keeps
 * everything written around it.
 */
export function writeMarkdown(file: string, report: Report, variant: "default" | "redis"): void {
  const start = `<!-- bench:${variant}:start (written by npm run bench; edit outside these markers) -->`;
  const end = `<!-- bench:${variant}:end -->`;
  const generated = `${start}\n${render(report)}\n${end}`;
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${existing.slice(0, from)}${generated}${existing.slice(to + end.length)}`
      : `${existing.trimEnd()}\n\n${generated}\n`;
  writeFileSync(file, next);
}

const table = (head: string[], rows: string[][]) =>
  [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
const ms = (x: number) => `${x.toFixed(0)} ms`;
const usd = (x: number) => `$${x.toFixed(x < 0.1 ? 3 : 2)}`;

function render(r: Report): string {
  const m = r.machine;
  const kib = r.bundle.wranglerKiB;
  const out = [
    `Measured ${r.date.slice(0, 16).replace("T", " ")} UTC with \`${r.command}\` (${r.totalSeconds.toFixed(0)} s in all).`,
    "",
    `**Machine:** ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; load average ${m.loadAverageAtStart.join(" / ")} at start. ` +
      `The load generator (autocannon, in the harness's own Node process)${r.scenarios.some((s) => s.id === "search-redis") ? ", workerd, Redis and its bridge" : " and workerd"} ` +
      "share these CPUs, so every number is lower than either side would reach alone. *other cores* is CPU used by unrelated processes during the scenario (other work on this shared machine).",
    "",
    `**Bundle:** ${kib ? `${kib.gzip.toFixed(1)} KiB gzip / ${kib.total.toFixed(1)} KiB (wrangler's figures)` : `${(r.bundle.gzipBytes / 1024).toFixed(1)} KiB gzip`}, built by \`wrangler deploy --dry-run\` in ${ms(r.bundle.buildMs)}. ` +
      (r.startup
        ? `**Start-up:** workerd listening ${ms(r.startup.readyMs)} after \`new Miniflare()\`, first 200 from the Worker after ${ms(r.startup.firstResponseMs)} (isolate start and module evaluation included).`
        : ""),
    "",
    `**Data:** ${r.seed.departures.toLocaleString("en")} departures (seed 42), ${r.seed.source === "cache" ? `copied from an earlier load of the same seed in ${ms(r.seed.ms)} (loading it through D1 took ${ms(r.seed.freshLoadMs)})` : `loaded through D1 in ${ms(r.seed.ms)}`}. ` +
      `Miniflare's D1, KV and Durable Object files are ${r.state === "tmpfs" ? "in /dev/shm (memory-backed), so local fsyncs do not stand in for Cloudflare's storage" : "on disk (--state-on-disk): every storage write waits for this disk"}.`,
    "",
    "Costs are per request (per journey for *journey*), counted at the bindings, background work included; `$ / M` prices them per million. *workerd CPU ms* is the workerd process's CPU per request: it includes the local emulation of D1, KV and Durable Objects, so it is an upper bound for the Worker's own CPU time.",
    "",
    table(HEAD, r.scenarios.map(toRow).map(cells)),
    "",
    "### Targets",
    "",
    table(
      ["target", "measured in this run", "status"],
      r.targets.map((t) => [t.target, t.measured, t.ok === null ? "not run" : t.ok ? "met" : "**missed**"]),
    ),
    "",
    ...details(r),
    "",
    "### Cost per million, by counter",
    "",
    costTable(r),
    "",
    "### Scenarios",
    "",
    ...r.scenarios.map((s) => `- **${s.id}** (${s.title}): ${s.method}`),
  ];
  if (r.workerErrors.length > 0) {
    out.push(
      "",
      `The Worker logged ${r.workerErrors.length} error line(s) during the run; the first: \`${r.workerErrors[0]}\``,
    );
  }
  return out.join("\n");
}

function details(r: Report): string[] {
  const lines: string[] = [];
  for (const s of r.scenarios) {
    const served = Object.entries(s.load.servedBy);
    if (served.length > 0) {
      const total = served.reduce((n, [, c]) => n + c, 0);
      lines.push(
        `- ${s.id} answered from: ${served.map(([tier, c]) => `${tier} ${((c / total) * 100).toFixed(1)} %`).join(", ")}.`,
      );
      const byTier = Object.entries(s.load.latencyByTier ?? {});
      if (byTier.length > 1) {
        lines.push(
          `- ${s.id} latency by answering tier (p50 / p99 ms, medians of the repetitions): ${byTier.map(([tier, l]) => `${tier} ${l.p50.toFixed(1)} / ${l.p99.toFixed(1)}`).join(", ")}.`,
        );
      }
    }
    const server = s.costs.redis_server_commands;
    if (server !== undefined && s.id !== "floor") {
      lines.push(
        `- ${s.id}: ${(s.costs.redis_commands ?? 0).toFixed(2)} Redis commands sent per ${s.unit} (the client's count, what Upstash bills); redis-server ran ${server.toFixed(2)} (Lua script internals included).`,
      );
    }
    for (const c of s.checks) lines.push(`- ${s.id}, ${c.name}: ${c.ok ? "ok" : "**FAILED**"} (${c.detail}).`);
    const confirmation = s.extra.timeToConfirmationMs as { p50: number; p95: number } | undefined;
    const journey = s.extra.journeyMs as { p50: number; p95: number } | undefined;
    if (confirmation && journey) {
      lines.push(
        `- journey: ${Number(s.extra.journeys)} journeys (${Number(s.extra.journeysPerSecond).toFixed(1)}/s), ${s.requestsPerUnit.toFixed(1)} requests each; ` +
          `time to confirmation (202 to confirmed) p50 ${ms(confirmation.p50)}, p95 ${ms(confirmation.p95)}; whole journey p50 ${ms(journey.p50)}, p95 ${ms(journey.p95)}.`,
      );
    }
  }
  return lines;
}

function costTable(r: Report): string {
  const priced = r.scenarios
    .filter((s) => s.id !== "floor")
    .map((s) => ({ s, c: costPerMillion(s.costs, s.requestsPerUnit) }));
  // Only the counters some scenario spent on.
  const counters = Object.keys(PRICES).filter((k) => priced.some(({ c }) => (c.byCounter[k] ?? 0) > 0));
  const rows = priced.map(({ s, c }) => {
    const row = toRow(s);
    return [
      s.id,
      ...counters.map((k) => (c.byCounter[k] ? usd(c.byCounter[k]) : "")),
      usd(c.total),
      row.cpuUsdPerMillion === null ? "-" : usd(row.cpuUsdPerMillion),
    ];
  });
  return table(["scenario", ...counters, "total", "CPU (upper bound)"], rows);
}
