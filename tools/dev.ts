/**
 * `npm run dev`: one command after `npm ci`.
 *
 *   npm run dev [-- --port 8787] [--redis] [--persist-to DIR] [-- <extra wrangler dev args>]
 *
 * 1. Applies local D1 migrations and loads the seed when the database is empty (tools/seed.ts).
 * 2. With --redis (or EDGEFARE_REDIS=1), starts a throwaway redis-server plus the Upstash REST
 *    bridge; otherwise passes UPSTASH_REDIS_REST_URL/TOKEN through when they are set.
 * 3. Runs `wrangler dev` offline (no telemetry, no request.cf fetch), forwards signals, and
 *    stops everything it started when wrangler exits.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type LocalRedis, startLocalRedis } from "./redis-bridge.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: "8787" },
    redis: { type: "boolean", default: process.env.EDGEFARE_REDIS === "1" },
    "persist-to": { type: "string" },
  },
});

function seed(): void {
  const script = path.join(ROOT, "tools/seed.ts");
  if (!existsSync(script)) {
    console.log("[dev] tools/seed.ts is not there yet: skipping migrations and seed data");
    return;
  }
  const args = [script, "--if-empty", ...(values["persist-to"] ? ["--persist-to", values["persist-to"]] : [])];
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, ...OFFLINE_ENV },
  });
  if (result.status !== 0) throw new Error(`tools/seed.ts --if-empty failed (exit ${result.status ?? result.signal})`);
}

async function redisVars(): Promise<{ vars: Record<string, string>; local?: LocalRedis }> {
  if (values.redis) {
    const local = await startLocalRedis();
    console.log(`[dev] Redis: local redis-server on port ${local.redisPort}, Upstash REST bridge at ${local.url}`);
    return { vars: { UPSTASH_REDIS_REST_URL: local.url, UPSTASH_REDIS_REST_TOKEN: local.token }, local };
  }
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = process.env;
  if (url && token) {
    console.log(`[dev] Redis: ${url} (from UPSTASH_REDIS_REST_URL)`);
    return { vars: { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } };
  }
  console.log("[dev] Redis: off (no cache tier in Redis, no rate limits); use --redis to run one locally");
  return { vars: {} };
}

/**
 * Polls /health once wrangler is up and prints one line a newcomer can act on. Ready means every
 * binding answers: a cold isolate on a busy machine can miss Redis's deadline once, so a degraded
 * answer is polled again (the public probe is memoised for a few seconds) until the minute is up.
 */
async function announce(port: string, adminKey: string): Promise<void> {
  const url = `http://127.0.0.1:${port}/health`;
  let last: string | undefined;
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 500));
    try {
      const res = await fetch(url);
      const body = (await res.json()) as { status: string; bindings: Record<string, { status: string }> };
      const bindings = Object.entries(body.bindings)
        .map(([name, b]) => `${name} ${b.status}`)
        .join(", ");
      last = `http://127.0.0.1:${port} (health ${body.status}: ${bindings}; admin key "${adminKey}")`;
      if (body.status !== "ok") continue;
      console.log(`[dev] ready: ${last}`);
      return;
    } catch {
      // Not listening yet.
    }
  }
  console.log(
    last ? `[dev] ready: ${last}` : `[dev] ${url} did not answer within a minute; see wrangler's output above`,
  );
}

function startWrangler(vars: Record<string, string>): ChildProcess {
  const wrangler = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");
  const args = [wrangler, "dev", "--ip", "127.0.0.1", "--port", values.port];
  if (values["persist-to"]) args.push("--persist-to", values["persist-to"]);
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  args.push(...positionals);
  return spawn(process.execPath, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...OFFLINE_ENV } });
}

/** The published development key of .dev.vars.example: the Worker refuses it outside development. */
function devTicketKey(): string {
  const example = readFileSync(path.join(ROOT, ".dev.vars.example"), "utf8");
  return /^TICKET_SIGNING_KEY=(.*)$/m.exec(example)?.[1] ?? "";
}

async function main(): Promise<void> {
  seed();
  const redis = await redisVars();
  const adminKey = process.env.ADMIN_API_KEY || "dev-admin-key";
  const ticketKey = process.env.TICKET_SIGNING_KEY || devTicketKey();
  // wrangler.toml says production, which refuses the development key and the sandbox payments.
  const wrangler = startWrangler({
    ENVIRONMENT: "development",
    ADMIN_API_KEY: adminKey,
    TICKET_SIGNING_KEY: ticketKey,
    ...redis.vars,
  });
  void announce(values.port, adminKey);

  const cleanup = () => redis.local?.close() ?? Promise.resolve();
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (wrangler.exitCode === null) wrangler.kill(signal);
    });
  }
  // A crash of this script must not leave wrangler (and its workerd) running.
  process.once("exit", () => wrangler.exitCode === null && wrangler.kill("SIGTERM"));
  wrangler.once("exit", (code, signal) => {
    void cleanup().finally(() => process.exit(code ?? (signal ? 1 : 0)));
  });
}

main().catch((error: unknown) => {
  console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
