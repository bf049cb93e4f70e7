/**
 * `npm run bench`: builds the Worker, runs it on Miniflare with the large seed, drives each
 * scenario with autocannon on loopback, and reports throughput, latency, cost per request and
 * the issue's targets. See docs/benchmarks.md.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REQUEST_RECORDING } from "../src/config.ts";
import { BENCH_ENTRY, buildWorker } from "./build.ts";
import { loadFixtures } from "./fixtures.ts";
import { type Report, writeMarkdown } from "./markdown.ts";
import { parseOptions } from "./options.ts";
import { PRICES } from "./prices.ts";
import { sourceMapLocator, startProfiler, summarise } from "./profile.ts";
import { type BenchRedis, startRedis } from "./redis.ts";
import { machine, printTable, toRow } from "./report.ts";
import type { BenchContext, Scenario, ScenarioResult } from "./scenario.ts";
import { baseline, floor } from "./scenarios/baseline.ts";
import { searchConnections, searchConnectionsOrigin } from "./scenarios/connections.ts";
import { d1PrimaryKey, departureDetails } from "./scenarios/d1.ts";
import { doPing, holds } from "./scenarios/durable-object.ts";
import { eventHolds, searchEvents, searchEventsOrigin } from "./scenarios/events.ts";
import { BENCH_ADMIN_KEY, flashSale } from "./scenarios/flash-sale.ts";
import { fullJourney } from "./scenarios/journey.ts";
import { searchHot, searchKv, searchOrigin, searchRedis } from "./scenarios/search.ts";
import { stayDoPing, stayHolds, staySearchHot, staySearchOrigin } from "./scenarios/stays.ts";
import { tripDoPing, tripHolds } from "./scenarios/trips.ts";
import { webResults } from "./scenarios/web.ts";
import { seededState } from "./seed.ts";
import { evaluateTargets } from "./targets.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "bench/out");
const SCENARIOS: Scenario[] = [
  floor,
  baseline,
  searchHot,
  searchKv,
  searchRedis,
  searchOrigin,
  searchConnections,
  searchConnectionsOrigin,
  d1PrimaryKey,
  departureDetails,
  doPing,
  holds,
  searchEvents,
  searchEventsOrigin,
  eventHolds,
  fullJourney,
  flashSale,
  webResults,
  staySearchHot,
  staySearchOrigin,
  stayDoPing,
  stayHolds,
  // Last: every trip leaves a coordinator whose alarm releases its holds 600 s later.
  tripDoPing,
  tripHolds,
];
/** Budgets without Redis are not enforced; with it they would refuse a load test after 120 searches. */
const NO_RATE_LIMITS = JSON.stringify(
  Object.fromEntries(["search", "write", "lookup"].map((b) => [b, { requests: 1_000_000_000 }])),
);

const log = (line: string) => console.log(`[bench] ${line}`);
const secs = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);

async function main(): Promise<void> {
  if (process.argv.includes("--render")) return render();
  const opts = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const host = machine();
  log(
    `${host.cpus} CPUs (${host.cpuModel}), ${host.memoryGiB} GiB, Node ${host.node}, load average ${host.loadAverageAtStart.join(" ")}`,
  );
  log(`the load generator, Miniflare's workerd${opts.redis ? ", Redis and its bridge" : ""} share these CPUs`);
  mkdirSync(OUT, { recursive: true });

  // The production bundle is what the size target is about; the benchmark runs the bench entry,
  // which wraps that same app and object with its counters from outside.
  const bundle = buildWorker(ROOT, path.join(OUT, "dist"));
  log(`bundle ${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzip, built in ${secs(bundle.buildMs)}`);
  const benchBundle = buildWorker(ROOT, path.join(OUT, "bench-dist"), BENCH_ENTRY);
  const startDate = new Date().toISOString().slice(0, 10);
  // Locally every storage write ends in an fsync on this disk, which is not how Cloudflare stores
  // anything: in memory-backed /dev/shm the numbers reflect the code, not the local disk.
  const inMemory = !opts.stateOnDisk && existsSync("/dev/shm");
  const runDir = inMemory ? path.join("/dev/shm", `edgefare-bench-${process.pid}`) : path.join(OUT, "run");
  const seed = await seededState({
    root: ROOT,
    outDir: OUT,
    runDir,
    bundle: benchBundle,
    size: opts.seedSize,
    startDate,
  });
  log(`Miniflare state in ${runDir}${inMemory ? " (tmpfs)" : " (disk)"}`);
  log(
    `${opts.seedSize} seed: ${seed.departures} departures from ${startDate}, ${seed.source === "cache" ? `copied from an earlier load in ${secs(seed.ms)} (a fresh load took ${secs(seed.freshLoadMs)})` : `loaded in ${secs(seed.ms)}`}`,
  );

  let redis: BenchRedis | null = null;
  let worker: RunningWorker | null = null;
  const results: ScenarioResult[] = [];
  try {
    if (opts.redis) redis = await startRedis(ROOT);
    // The flash sale opens a waiting room through the operator route.
    // wrangler.toml says production, which refuses the sandbox payments the bookings scenarios use.
    // Requests are logged and measured as production does (development would record every read).
    const vars: Record<string, string> = {
      ADMIN_API_KEY: BENCH_ADMIN_KEY,
      ENVIRONMENT: "development",
      REQUEST_SAMPLE_RATE: String(REQUEST_RECORDING.readRate),
    };
    if (redis) {
      Object.assign(vars, {
        UPSTASH_REDIS_REST_URL: redis.url,
        UPSTASH_REDIS_REST_TOKEN: redis.token,
        ENVIRONMENT: "test",
        RATE_LIMIT_OVERRIDES: NO_RATE_LIMITS,
      });
    }
    worker = await startWorker({
      root: ROOT,
      bundle: benchBundle,
      persistDir: seed.dir,
      vars,
      probePath: "/v1/places?q=zur",
      inspector: opts.profile !== null,
    });
    log(
      `Worker on ${worker.url.origin}: workerd listening after ${worker.readyMs.toFixed(0)} ms, first 200 after ${worker.firstResponseMs.toFixed(0)} ms`,
    );
    const fixtures = await loadFixtures(worker.mf);
    const ctx: BenchContext = { base: worker.url, opts, fixtures, worker, redis, outDir: OUT };
    for (const scenario of SCENARIOS) {
      if (opts.only.length > 0 && !opts.only.includes(scenario.id)) continue;
      if (scenario.needsRedis && !redis) {
        log(`${scenario.id}: skipped (needs --redis)`);
        continue;
      }
      const profiler = opts.profile
        ? await startProfiler(await worker.mf.getInspectorURL(), "core:user:edgefare")
        : null;
      const result = await scenario.run(ctx);
      if (profiler) {
        const profile = await profiler.stop();
        writeFileSync(path.join(OUT, `${scenario.id}.cpuprofile`), JSON.stringify(profile));
        console.log(summarise(profile, 30, sourceMapLocator(`${benchBundle.script}.map`)).join("\n"));
      }
      results.push(result);
      const failed = result.checks.filter((c) => !c.ok);
      const served = Object.entries(result.load.servedBy);
      const total = served.reduce((n, [, c]) => n + c, 0);
      const p99 = (tier: string) => result.load.latencyByTier?.[tier]?.p99;
      const tiers = served
        .map(
          ([tier, c]) =>
            `${tier} ${((c / total) * 100).toFixed(0)} %${p99(tier) ? ` (p99 ${p99(tier)?.toFixed(0)} ms)` : ""}`,
        )
        .join(", ");
      log(
        `${scenario.id}: ${result.load.rps.toFixed(0)} req/s, p99 ${result.load.latencyMs.p99.toFixed(1)} ms${tiers ? `, answered from ${tiers}` : ""}${failed.length > 0 ? `, FAILED: ${failed.map((c) => `${c.name} (${c.detail})`).join(", ")}` : ""}`,
      );
      for (const [line, n] of Object.entries(result.load.serverErrors ?? {})) {
        log(`${scenario.id}: ${n} x ${line}`);
      }
    }
  } catch (error) {
    // What the Worker logged is usually the reason a scenario failed.
    for (const line of worker?.errors.slice(0, 5) ?? []) log(`the Worker logged: ${line}`);
    throw error;
  } finally {
    await worker?.close();
    await redis?.close();
    if (inMemory) rmSync(runDir, { recursive: true, force: true });
  }

  const rows = results.map(toRow);
  const targets = evaluateTargets(new Map(results.map((r) => [r.id, r])), bundle);
  console.log("");
  printTable(rows);
  console.log("");
  for (const t of targets) console.log(`${t.ok === null ? "  -" : t.ok ? " ok" : "MISS"}  ${t.target}: ${t.measured}`);
  if (worker && worker.errors.length > 0)
    log(`the Worker logged ${worker.errors.length} error(s); first: ${worker.errors[0]}`);
  const report = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    date: new Date().toISOString(),
    machine: host,
    options: opts,
    bundle,
    startup: worker ? { readyMs: worker.readyMs, firstResponseMs: worker.firstResponseMs } : null,
    seed,
    state: inMemory ? ("tmpfs" as const) : ("disk" as const),
    rows,
    scenarios: results,
    targets,
    prices: PRICES,
    workerErrors: worker?.errors ?? [],
    totalSeconds: (performance.now() - started) / 1000,
  };
  const { output } = opts;
  if (output) {
    // A --redis run has different costs and ratios: it gets its own file and section.
    writeFileSync(path.join(ROOT, output.json), `${JSON.stringify(report, null, 2)}\n`);
    if (output.markdown) writeMarkdown(path.join(ROOT, "BENCHMARKS.md"), report, output.markdown);
    log(
      `wrote ${output.json}${output.markdown ? " and BENCHMARKS.md" : " (a quick run: the committed results are left alone)"}`,
    );
  }
  log(`done in ${secs(report.totalSeconds * 1000)}`);
}

/** `--render`: rewrites BENCHMARKS.md from the saved results, after a change to the report's layout. */
function render(): void {
  for (const [file, variant] of [
    ["bench/results.json", "default"],
    ["bench/results-redis.json", "redis"],
  ] as const) {
    const saved = path.join(ROOT, file);
    if (!existsSync(saved)) continue;
    writeMarkdown(path.join(ROOT, "BENCHMARKS.md"), JSON.parse(readFileSync(saved, "utf8")) as Report, variant);
    log(`rendered ${file}`);
  }
}

main().catch((error: unknown) => {
  console.error(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
