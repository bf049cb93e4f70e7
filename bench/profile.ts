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

/**
 * The functions with the most self time, then with the most total time (themselves and what they
 * call), as printable lines. Weighted by samples, not by the time between them: the first sample
 * after the isolate waited for I/O carries the whole wait, which would credit a function that
 * happened to run then with time it never used.
 */
export function summarise(profile: CpuProfile, top = 30): string[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const name = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return `${functionName || "(anonymous)"} ${url.split("/").pop() ?? ""}:${lineNumber + 1}`;
  };
  for (const id of profile.samples) {
    const leaf = byNode.get(id);
    if (!leaf) continue;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byNode.get(parent.get(node.id) ?? -1)) {
      const key = name(node);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + 1);
    }
  }
  const samples = profile.samples.length;
  const lines = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, n]) => `${((n / samples) * 100).toFixed(1).padStart(5)} %  ${key}`);
  return ["self (share of samples):", ...lines(self), "", "total, callees included:", ...lines(total)];
}
