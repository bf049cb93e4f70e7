import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";

/**
 * `--profile <scenario>`: a V8 CPU profile of the Worker's isolate (Durable Object included)
 * while one scenario runs, through workerd's inspector. Written as a .cpuprofile (open it in
 * Chrome DevTools) and summarised by self and total time. Profiling slows the Worker: its numbers are not
 * results and are never written to BENCHMARKS.md.
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export async function startProfiler(inspector: URL, target: string): Promise<{ stop(): Promise<CpuProfile> }> {
  const socket = new WebSocket(new URL(`/${target}`, inspector));
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`cannot open ${inspector}${target}`)), { once: true });
  });
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 200 });
  await send("Profiler.start");
  return {
    async stop() {
      const result = (await send("Profiler.stop")) as { profile: CpuProfile };
      socket.close();
      return result.profile;
    },
  };
}

/** Where a bundle position came from: "src/places/suggest.ts:41" through the bundle's source map. */
export type Locate = (frame: CallFrame & { columnNumber?: number }) => { name: string; file: string } | null;

/** A Locate from the benchmark bundle's source map (bench/build.ts writes index.js.map), or null without one. */
export function sourceMapLocator(mapFile: string): Locate | null {
  if (!existsSync(mapFile)) return null;
  const map = new SourceMap(JSON.parse(readFileSync(mapFile, "utf8")));
  const known = new Map<string, { name: string; file: string } | null>();
  return (frame) => {
    if (!frame.url.endsWith("index.js") || frame.lineNumber < 0) return null;
    const at = `${frame.lineNumber}:${frame.columnNumber ?? 0}`;
    if (!known.has(at)) {
      // Node's mapping also carries the original name (not in its types before Node 23).
      const entry = map.findEntry(frame.lineNumber, frame.columnNumber ?? 0) as {
        originalSource?: string;
        originalLine?: number;
        name?: string;
      };
      const source = entry.originalSource?.replace(/^.*?((?:node_modules|src|bench|workers)\/)/, "$1") ?? "";
      known.set(
        at,
        source
          ? {
              name: `${entry.name ?? (frame.functionName || "(anonymous)")} ${source}:${(entry.originalLine ?? 0) + 1}`,
              file: source,
            }
          : null,
      );
    }
    return known.get(at) ?? null;
  };
}

/**
 * The functions with the most self time, then with the most total time (themselves and what they
 * call), as printable lines; with `locate`, named by source file and line, and a third list of
 * self time per source file, where the runtime's own functions (console.log, Response, crypto)
 * count for the file that called them. Weighted by samples, not by the time between them: the
 * first sample after the isolate waited for I/O carries the whole wait, which would credit a
 * function that happened to run then with time it never used.
 */
export function summarise(profile: CpuProfile, top = 30, locate: Locate | null = null): string[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const files = new Map<string, number>();
  const add = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
  const name = (n: ProfileNode) => {
    const located = locate?.(n.callFrame);
    if (located) return located.name;
    const { functionName, url, lineNumber } = n.callFrame;
    return `${functionName || "(anonymous)"} ${url.split("/").pop() ?? ""}:${lineNumber + 1}`;
  };
  for (const id of profile.samples) {
    const leaf = byNode.get(id);
    if (!leaf) continue;
    add(self, name(leaf));
    if (locate) {
      let file = leaf.callFrame.url ? (locate(leaf.callFrame)?.file ?? leaf.callFrame.url) : null;
      for (
        let node = byNode.get(parent.get(leaf.id) ?? -1);
        file === null && node;
        node = byNode.get(parent.get(node.id) ?? -1)
      ) {
        file = locate(node.callFrame)?.file ?? null;
      }
      add(files, file ?? (leaf.callFrame.functionName || "(runtime, no caller of ours)"));
    }
    const seen = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byNode.get(parent.get(node.id) ?? -1)) {
      const key = name(node);
      if (seen.has(key)) continue;
      seen.add(key);
      add(total, key);
    }
  }
  const samples = profile.samples.length;
  const lines = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, n]) => `${((n / samples) * 100).toFixed(1).padStart(5)} %  ${key}`);
  const byFile = locate
    ? ["", "self by source file (the runtime's functions count for their caller):", ...lines(files)]
    : [];
  return ["self (share of samples):", ...lines(self), "", "total, callees included:", ...lines(total), ...byFile];
}
