import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

export interface Bundle {
  dir: string;
  script: string;
  rawBytes: number;
  gzipBytes: number;
  /** What wrangler itself prints ("Total Upload: … / gzip: …"), in KiB. */
  wranglerKiB: { total: number; gzip: number } | null;
  buildMs: number;
}

export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

/** The benchmark's Worker: the production app and object, measured from outside (bench/entry/index.ts). */
export const BENCH_ENTRY = "bench/entry/index.ts";

/**
 * `wrangler deploy --dry-run`: the exact bundle a deploy would upload, built without a login. With
 * `entry`, the same configuration (bindings, compatibility flags) bundled from another entry.
 */
export function buildWorker(root: string, outDir: string, entry?: string): Bundle {
  rmSync(outDir, { recursive: true, force: true });
  const started = performance.now();
  const wrangler = path.join(root, "node_modules/wrangler/bin/wrangler.js");
  // The benchmark's own bundle gets a source map (index.js.map beside it): a --profile run's
  // functions are then named by their source file and line, not by the minified bundle's.
  const args = ["deploy", ...(entry ? [entry, "--upload-source-maps"] : []), "--dry-run", "--outdir", outDir];
  const result = spawnSync(process.execPath, [wrangler, ...args], {
    cwd: root,
    env: { ...process.env, ...OFFLINE_ENV },
    encoding: "utf8",
  });
  const buildMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stdout}\n${result.stderr}`);
  const script = path.join(outDir, "index.js");
  const code = readFileSync(script);
  const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(result.stdout);
  return {
    dir: outDir,
    script,
    rawBytes: code.length,
    gzipBytes: gzipSync(code).length,
    wranglerKiB: match ? { total: Number(match[1]), gzip: Number(match[2]) } : null,
    buildMs,
  };
}
