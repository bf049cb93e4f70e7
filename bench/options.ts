import { parseArgs } from "node:util";

export interface BenchOptions {
  quick: boolean;
  redis: boolean;
  /** Seconds of measured load per scenario (after warm-up). */
  duration: number;
  warmup: number;
  connections: number;
  /** Concurrent clients for the Durable Object scenarios. */
  doConnections: number;
  seedSize: "small" | "large";
  /** Scenario ids to run; empty runs all. */
  only: string[];
  /** Write bench/results.json and BENCHMARKS.md (off for ad-hoc runs with --only). */
  write: boolean;
  /** A scenario to run under the V8 profiler (implies --only that scenario, nothing written). */
  profile: string | null;
  /** Keep Miniflare's state on disk instead of /dev/shm (local fsyncs then weigh on every write). */
  stateOnDisk: boolean;
}

const HELP = `npm run bench [-- options]
  --quick             small seed, 2 s per scenario (under a minute)
  --redis             start redis-server + the Upstash REST bridge and add the Redis tier scenario
  --duration S        measured seconds per scenario (default 15, quick 2)
  --connections N     concurrent connections (default 10)
  --do-connections N  concurrent clients on one Durable Object (default 50)
  --only a,b          run only these scenarios (ids as printed); results are not written
  --no-write          do not write bench/results.json and BENCHMARKS.md
  --profile ID        CPU-profile the Worker while scenario ID runs (bench/out/ID.cpuprofile)
  --state-on-disk     keep Miniflare's D1/KV/Durable Object files in bench/out/run, not in /dev/shm
  --render            only rewrite BENCHMARKS.md from bench/results*.json (after a layout change)`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      redis: { type: "boolean", default: false },
      duration: { type: "string" },
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
  const quick = values.quick;
  const profile = values.profile ?? null;
  const only = profile ? [profile] : values.only.split(",").filter(Boolean);
  return {
    quick,
    redis: values.redis,
    duration: Number(values.duration ?? (quick ? 2 : 15)),
    warmup: quick ? 0.5 : 2,
    connections: Number(values.connections),
    doConnections: Number(values["do-connections"]),
    seedSize: quick ? "small" : "large",
    only,
    write: !values["no-write"] && only.length === 0,
    profile,
    stateOnDisk: values["state-on-disk"],
  };
}
