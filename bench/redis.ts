import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

export interface BenchRedis {
  url: string;
  token: string;
  /** Commands redis-server has processed so far (what Upstash bills), minus our own INFO calls. */
  commandsProcessed(): Promise<number>;
  close(): Promise<void>;
}

/**
 * redis-server plus the Upstash REST bridge in a child process of their own, so the bridge's
 * event loop does not share a thread with the load generator (it still shares the 2 cores).
 */
export async function startRedis(root: string): Promise<BenchRedis> {
  const script = path.join(root, "tools/redis-bridge.ts");
  const child = spawn(process.execPath, [script, "--start-redis", "--json", "--exit-on-stdin-close"], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const ready = await firstLine(child);
  const { url, token } = JSON.parse(ready) as { url: string; token: string };
  let infoCalls = 0;
  return {
    url,
    token,
    async commandsProcessed() {
      const res = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(["INFO", "stats"]),
      });
      const body = (await res.json()) as { result?: string };
      const total = Number(/total_commands_processed:(\d+)/.exec(body.result ?? "")?.[1] ?? Number.NaN);
      // Each INFO is counted once it has run, so every earlier call of ours is in the total.
      return total - infoCalls++;
    },
    close: () => stop(child),
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error("redis bridge has no stdout"));
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`redis bridge exited early (code ${code})`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGTERM"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
  });
}
