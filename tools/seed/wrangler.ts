import { spawnSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WRANGLER = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

export interface LocalD1 {
  persistTo?: string;
}

/** Runs one wrangler d1 command against the local database with this same Node; throws on failure. */
function run(args: string[], target: LocalD1, capture: boolean): string {
  const full = [WRANGLER, "d1", ...args, "--local", ...(target.persistTo ? ["--persist-to", target.persistTo] : [])];
  const result = spawnSync(process.execPath, full, {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: capture ? ["ignore", "pipe", "inherit"] : ["ignore", "inherit", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`wrangler d1 ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
  return result.stdout ?? "";
}

export function applyMigrations(target: LocalD1): void {
  run(["migrations", "apply", "DB"], target, false);
}

export function executeFile(file: string, target: LocalD1): void {
  run(["execute", "DB", "--file", file, "--yes"], target, true);
}

/** Rows in each table, in one wrangler call (table names come from the code, never from input). */
export function countRows(tables: readonly string[], target: LocalD1): Record<string, number> {
  const select = tables.map((t, i) => `(SELECT COUNT(*) FROM ${t}) AS n${i}`).join(", ");
  const out = run(["execute", "DB", "--command", `SELECT ${select}`, "--json"], target, true);
  const parsed: unknown = JSON.parse(out);
  const row = Array.isArray(parsed) ? parsed[0]?.results?.[0] : undefined;
  const counts: Record<string, number> = {};
  for (const [i, t] of tables.entries()) {
    const n = row?.[`n${i}`];
    if (typeof n !== "number") throw new Error(`Unexpected wrangler output: ${out.slice(0, 200)}`);
    counts[t] = n;
  }
  return counts;
}
