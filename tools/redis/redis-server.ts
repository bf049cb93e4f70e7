import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import os from "node:os";
import { ensureDebianBinary } from "../debian-package.ts";
import { RedisConnection } from "./connection.ts";

export interface RedisServerHandle {
  port: number;
  close(): Promise<void>;
}

const INSTALL_HINT =
  "redis-server is not installed. Install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu) " +
  "or `brew install redis` (macOS), or point the bridge at a running Redis with --redis-port.";

/** A port nobody listens on right now (the kernel picks it; another process could still take it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Finds redis-server, installing Debian's redis-server package when we run as root. */
export function ensureRedisServerBinary(log: (line: string) => void = console.error): string {
  return ensureDebianBinary("redis-server", "redis-server", INSTALL_HINT, log);
}

async function waitForPing(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${output()}`);
    try {
      const conn = await RedisConnection.connect("127.0.0.1", port, 500);
      const pong = await conn.command("PING");
      conn.close();
      if (pong === "PONG") return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s:\n${output()}`);
}

function spawnRedis(binary: string, port: number): { child: ChildProcess; output: () => string } {
  // Nothing is persisted: every run starts empty. 256 logical databases let each test file lease its own.
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  args.push("--databases", "256", "--dir", os.tmpdir(), "--daemonize", "no");
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => tail };
}

/** Starts a throwaway redis-server on a free port and stops it with the process, whatever ends it. */
export async function startRedisServer(log: (line: string) => void = console.error): Promise<RedisServerHandle> {
  const binary = ensureRedisServerBinary(log);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const { child, output } = spawnRedis(binary, port);
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    try {
      await waitForPing(port, child, output);
      return { port, close: () => stopChild(child, killOnExit) };
    } catch (error) {
      lastError = error;
      await stopChild(child, killOnExit);
    }
  }
  throw lastError;
}

function stopChild(child: ChildProcess, killOnExit: () => void): Promise<void> {
  process.off("exit", killOnExit);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
