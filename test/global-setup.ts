import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    redisBindings: Record<string, string>;
  }
}

const BRIDGE = fileURLToPath(new URL("../tools/redis-bridge.ts", import.meta.url));

/**
 * Starts a real redis-server behind the Upstash REST bridge (tools/redis-bridge.ts) for the run.
 * The bindings are TEST_REDIS_*, not UPSTASH_REDIS_*: the default Worker env stays Redis-free,
 * and tests opt in with envWithRedis() from test/support/redis.ts.
 *
 * The bridge runs as a child process (tools/ is Node code, typechecked on its own) and exits
 * when our stdin pipe closes, so even a killed test run leaves no Redis behind.
 */
export default async function setup(project: TestProject) {
  const child = spawn(process.execPath, [BRIDGE, "--start-redis", "--control", "--json", "--exit-on-stdin-close"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const ready = await readyLine(child);
  project.provide("redisBindings", { TEST_REDIS_URL: ready.url, TEST_REDIS_TOKEN: ready.token });
  return () => stop(child);
}

function readyLine(child: ChildProcess): Promise<{ url: string; token: string }> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    child.once("exit", (code) =>
      reject(new Error(`The Redis bridge exited (${code}) before it was ready; see above.`)),
    );
    lines.once("line", (line) => resolve(JSON.parse(line) as { url: string; token: string }));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
