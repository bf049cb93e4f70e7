/**
 * The Worker's bundle budget: 400 KB gzipped (what Cloudflare bills against and what a cold
 * isolate parses). Builds exactly what `wrangler deploy` would upload (minified, see
 * wrangler.toml) into a temporary folder and fails the test run when the budget is exceeded, so a
 * new dependency is weighed when it is added, not after.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 400 * 1024;
const ROOT = path.resolve(import.meta.dirname, "..");
const out = mkdtempSync(path.join(tmpdir(), "edgefare-bundle-"));
try {
  execFileSync(
    process.execPath,
    [path.join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", out],
    { cwd: ROOT, stdio: "pipe", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  const raw = readFileSync(path.join(out, "index.js"));
  const gzipped = gzipSync(raw, { level: 9 }).length;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const line = `bundle: ${kb(gzipped)} gzipped (${kb(raw.length)} raw), budget ${kb(BUDGET_BYTES)}`;
  if (gzipped > BUDGET_BYTES) {
    console.error(`${line}: over budget`);
    process.exitCode = 1;
  } else {
    console.log(line);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
