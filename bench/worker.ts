import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import type { Bundle } from "./build.ts";

export interface RunningWorker {
  mf: Miniflare;
  url: URL;
  /** new Miniflare() until workerd listens. */
  readyMs: number;
  /** new Miniflare() until the first 200 from the Worker (isolate start and module evaluation included). */
  firstResponseMs: number;
  /** The workerd process, for CPU accounting; null when it cannot be found. */
  workerdPid: number | null;
  errors: string[];
  close(): Promise<void>;
}

/**
 * The built bundle on Miniflare directly (no wrangler dev proxy), with the bindings wrangler.toml
 * declares: wrangler turns its own config into Miniflare options, so nothing is restated here.
 */
const SERVER_ERROR = /"status":5\d\d\b/;

export async function startWorker(a: {
  root: string;
  bundle: Bundle;
  persistDir: string;
  vars: Record<string, string>;
  probePath: string;
  inspector?: boolean;
}): Promise<RunningWorker> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(a.root, "wrangler.toml"));
  const errors: string[] = [];
  const options = {
    ...workerOptions,
    // The bundle is already built: Miniflare v5 refuses module rules it would have to apply itself.
    modulesRules: undefined,
    name: "edgefare",
    modules: true,
    scriptPath: a.bundle.script,
    rootPath: a.bundle.dir,
    host: "127.0.0.1",
    port: 0,
    resourcePersistencePath: a.persistDir,
    ...(a.inspector ? { inspectorPort: 0 } : {}),
    bindings: { ...asRecord(workerOptions.bindings), ...a.vars },
    // One JSON log line per request would otherwise be parsed and printed by this process,
    // which shares the CPU with the load generator; errors are kept for the report, and so is the
    // request line of any 5xx (one the runtime answered itself has no error line of ours).
    handleStructuredLogs: (log: { level: string; message: string }) => {
      if (errors.length >= 20) return;
      if (log.level === "error" || SERVER_ERROR.test(log.message)) errors.push(log.message.slice(0, 500));
    },
  } satisfies V4MiniflareOptions;
  const started = performance.now();
  const mf = new Miniflare(convertV4MiniflareOptions(options));
  const url = await mf.ready;
  const readyMs = performance.now() - started;
  await waitForOk(new URL(a.probePath, url));
  const firstResponseMs = performance.now() - started;
  return {
    mf,
    url,
    readyMs,
    firstResponseMs,
    workerdPid: findChildren("workerd")[0] ?? null,
    errors,
    close: () => mf.dispose(),
  };
}

function asRecord(value: unknown): Record<string, string> {
  return typeof value === "object" && value !== null ? (value as Record<string, string>) : {};
}

async function waitForOk(url: URL): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} never answered 200`);
}

/** Children of this process by command name, from /proc (Linux only; empty elsewhere). */
export function findChildren(name: string): number[] {
  const pids: number[] = [];
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && comm.startsWith(name)) pids.push(Number(entry));
    }
  } catch {
    // No /proc.
  }
  return pids;
}

/** User + system CPU seconds a process has used so far (Linux), or null. */
export function processCpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return null;
  }
}

/** CPU seconds all processes have been busy since boot, summed over cores (Linux), or null. */
export function machineBusySeconds(): number | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const [, ...fields] = line.trim().split(/\s+/);
    const ticks = fields.map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (ticks.reduce((a, b) => a + b, 0) - idle) / 100;
  } catch {
    return null;
  }
}
