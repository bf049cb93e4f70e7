import { parseArgs } from "node:util";

export interface BenchOptions {
  quick: boolean;
  redis: boolean;
  /** Seconds of measured load per repetition (after warm-up). */
  duration: number;
  /** Measured repetitions per scenario: tables and verdicts read their median. */
  repeat: number;
  warmup: number;
  connections: number;
  /** Concurrent clients for the Durable Object scenarios. */
  doConnections: number;
  seedSize: "small" | "large";
  /** Scenario ids to run; empty runs all. */
  only: string[];
  /** Where the report is written; null for ad-hoc runs (--only, --profile, --no-write). */
  output: Output | null;
  /** A scenario to run under the V8 profiler (implies --only that scenario, nothing written). */
  profile: string | null;
  /** Keep Miniflare's state on disk instead of /dev/shm (local fsyncs then weigh on every write). */
  stateOnDisk: boolean;
}

/**
 * A full run writes the committed results (bench/results*.json) and its section of BENCHMARKS.md.
 * A --quick run measures a small seed for a few seconds: its numbers are a smoke check, not results,
 * so it writes only to bench/out/ (ignored by git) and leaves the committed ones alone.
 */
export interface Output {
  /** Path of the JSON report, relative to the repository root. */
  json: string;
  /** The generated section of BENCHMARKS.md to rewrite, or null to leave BENCHMARKS.md alone. */
  markdown: "default" | "redis" | null;
}

const HELP = `npm run bench [-- options]
  --quick             small seed, 3 x 1 s per scenario (about a minute); writes bench/out/results-quick*.json only
  --redis             start redis-server + the Upstash REST bridge and add the Redis tier scenario
  --duration S        measured seconds per repetition (default 10, quick 1)
  --repeat N          measured repetitions per scenario, reported as median and range (default 3)
  --connections N     concurrent connections (default 10)
  --do-connections N  concurrent clients on one Durable Object (default 50)
  --only a,b          run only these scenarios (ids as printed); results are not written
  --no-write          do not write bench/results.json and BENCHMARKS.md
  --profile ID        CPU-profile the Worker while scenario ID runs (bench/out/ID.cpuprofile)
  --state-on-disk     keep Miniflare's D1/KV/Durable Object files in bench/out/run, not in /dev/shm
  --render            only rewrite BENCHMARKS.md from bench/results*.json (after a layout change)`;

/** The command line as parseArgs reads it. */
export interface Flags {
  quick: boolean;
  redis: boolean;
  duration?: string | undefined;
  repeat?: string | undefined;
  connections: string;
  "do-connections": string;
  only: string;
  "no-write": boolean;
  profile?: string | undefined;
  "state-on-disk": boolean;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      redis: { type: "boolean", default: false },
      duration: { type: "string" },
      repeat: { type: "string" },
      connections: { type: "string", default: "10" },
      "do-connections": { type: "string", default: "50" },
      only: { type: "string", default: "" },
      "no-write": { type: "boolean", default: false },
      profile: { type: "string" },
      "state-on-disk": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  return optionsFrom(values);
}

export function optionsFrom(flags: Flags): BenchOptions {
  const quick = flags.quick;
  const profile = flags.profile ?? null;
  const only = profile ? [profile] : flags.only.split(",").filter(Boolean);
  const variant = flags.redis ? "redis" : "default";
  const suffix = flags.redis ? "-redis" : "";
  let output: Output | null = null;
  if (!flags["no-write"] && only.length === 0) {
    output = quick
      ? { json: `bench/out/results-quick${suffix}.json`, markdown: null }
      : { json: `bench/results${suffix}.json`, markdown: variant };
  }
  return {
    quick,
    redis: flags.redis,
    duration: Number(flags.duration ?? (quick ? 1 : 10)),
    repeat: Math.max(1, Number(flags.repeat ?? 3)),
    warmup: quick ? 0.5 : 2,
    connections: Number(flags.connections),
    doConnections: Number(flags["do-connections"]),
    seedSize: quick ? "small" : "large",
    only,
    output,
    profile,
    stateOnDisk: flags["state-on-disk"],
  };
}
