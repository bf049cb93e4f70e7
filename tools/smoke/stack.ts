/**
 * The local stack as a newcomer starts it: `node tools/dev.ts` (what `npm run dev` runs) with a
 * fresh state directory, so it applies the migrations, seeds the small schedule and runs
 * `wrangler dev` offline. Its output is kept line by line: the cron summaries and the paths of
 * the .eml files the send_email binding writes are only visible there.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync, type WriteStream } from "node:fs";
import { connect, createServer } from "node:net";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

export interface StackOptions {
  port: number;
  stateDir: string;
  logFile: string;
  redis: boolean;
  adminKey: string;
  /** Also copy dev.ts's output to our stdout. */
  echo: boolean;
}

export class DevStack {
  readonly lines: string[] = [];
  readonly options: StackOptions;
  readonly baseUrl: string;
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  private exited: Promise<void> = Promise.resolve();
  private exitCode: number | string | null = null;
  private partial = "";

  constructor(options: StackOptions) {
    this.options = options;
    this.baseUrl = `http://127.0.0.1:${options.port}`;
  }

  start(): void {
    const { options } = this;
    this.log = createWriteStream(options.logFile);
    const args = ["tools/dev.ts", "--port", String(options.port), "--persist-to", options.stateDir];
    if (options.redis) args.push("--redis");
    // Only the Redis we ask for: none passed through from the caller's environment.
    const { UPSTASH_REDIS_REST_URL: _url, UPSTASH_REDIS_REST_TOKEN: _token, ...env } = process.env;
    // Its own process group: a Ctrl-C in the terminal reaches us only, and we stop the stack in
    // order (dev.ts forwards to wrangler, then stops Redis); the group is the backstop.
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...env, ADMIN_API_KEY: options.adminKey, EDGEFARE_REDIS: "" },
    });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exitCode = code ?? signal;
        resolve();
      });
    });
    for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => this.take(chunk));
  }

  get started(): boolean {
    return this.child !== null;
  }

  get running(): boolean {
    return this.child !== null && this.exitCode === null;
  }

  get command(): string {
    const redis = this.options.redis ? " --redis" : "";
    return `node tools/dev.ts --port ${this.options.port}${redis} --persist-to ${this.options.stateDir}`;
  }

  private take(chunk: Buffer): void {
    this.log?.write(chunk);
    if (this.options.echo) process.stdout.write(chunk);
    const text = this.partial + chunk.toString("utf8");
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? "";
    for (const line of parts) this.lines.push(line.replace(ANSI, ""));
  }

  /** Resolves with the index of the first line from `from` on that matches, or throws after timeoutMs. */
  async waitForLine(match: (line: string) => boolean, timeoutMs: number, from = 0): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (let i = from; ; ) {
      for (; i < this.lines.length; i++) if (match(this.lines[i] ?? "")) return i;
      if (!this.running) throw new Error(`dev.ts exited (${this.exitCode}) before the line appeared`);
      if (Date.now() > deadline) throw new Error(`no such line in dev.ts's output within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The JSON log lines of the Worker (src/lib/logger.ts) from line `from` on. */
  events(from = 0): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const line of this.lines.slice(from)) {
      if (!line.startsWith("{")) continue;
      try {
        out.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A log line that only looks like JSON.
      }
    }
    return out;
  }

  /** wrangler dev rebuilds and restarts the Worker when a source file changes. */
  reloads(): number {
    return this.lines.filter((line) => line.includes("Reloading local server")).length;
  }

  tail(count: number): string[] {
    return this.lines.slice(-count);
  }

  /**
   * SIGTERM to dev.ts (it forwards to wrangler and stops its Redis), then whatever is left of
   * the process group. Reports what had to be forced: dev.ts not exiting within graceMs, and
   * processes that outlived it (killed; each is a bug: an orphan workerd keeps its port and memory).
   */
  async stop(graceMs = 15_000): Promise<{ forced: boolean; orphans: string[] }> {
    const pid = this.child?.pid;
    if (pid === undefined) return { forced: false, orphans: [] };
    let forced = false;
    if (this.running) {
      this.child?.kill("SIGTERM");
      const timer = setTimeout(() => {
        forced = true;
        signalGroup(pid, "SIGKILL");
      }, graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    // Give children that are already exiting a moment before counting them as orphans.
    for (let i = 0; i < 50 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    const orphans = groupAlive(pid) ? groupMembers(pid) : [];
    if (orphans.length > 0) signalGroup(pid, "SIGKILL");
    const log = this.log;
    this.log = null;
    if (log) await new Promise<void>((resolve) => log.end(resolve));
    return { forced, orphans };
  }

  /** Synchronous last resort for process.on("exit"). */
  killNow(): void {
    if (this.child?.pid !== undefined) signalGroup(this.child.pid, "SIGKILL");
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Nobody left in the group.
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** "pid command" of each process in the group (Linux /proc; elsewhere just "pid group"). */
function groupMembers(pgid: number): string[] {
  if (!existsSync("/proc")) return [`${pgid} (process group)`];
  const members: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command: state, ppid, pgrp.
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      members.push(`${entry} ${cmd.slice(0, 160)}`);
    } catch {
      // Exited while we looked.
    }
  }
  return members.length > 0 ? members : [`${pgid} (process group)`];
}

/** A port nothing listens on right now (the OS picks it; wrangler binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
