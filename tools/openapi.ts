/**
 * `npm run lint:openapi`: writes the OpenAPI document the Worker serves at /openapi.json to
 * dist/openapi.json and lints it with Redocly's recommended rules (redocly.yaml). Offline: no
 * Worker runtime, no network, Redocly's telemetry and update check off.
 *
 *   npm run lint:openapi [-- --out FILE] [--no-lint]
 *
 * The app is bundled with esbuild (what wrangler bundles with) and imported in Node; only
 * `buildDocument()` runs, so no binding is touched. `cloudflare:*` modules, which exist only
 * in workerd, are replaced by empty classes: building the document constructs none of them.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const { values: opts } = parseArgs({
  options: { out: { type: "string", default: "dist/openapi.json" }, "no-lint": { type: "boolean", default: false } },
});
/** What `npm run dev` serves on; the deployed document names the origin that served it. */
const DEV_ORIGIN = "http://127.0.0.1:8787";

const workerdOnly: Plugin = {
  name: "workerd-only-modules",
  setup(b) {
    b.onResolve({ filter: /^cloudflare:/ }, (args) => ({ path: args.path, namespace: "workerd-only" }));
    b.onLoad({ filter: /.*/, namespace: "workerd-only" }, () => ({
      contents: "export class EmailMessage {}\nexport class DurableObject {}\nexport class WorkerEntrypoint {}",
      loader: "js",
    }));
  },
};

async function writeDocument(out: string): Promise<void> {
  const bundled = await build({
    stdin: {
      contents: [
        'import { createApp } from "./src/http/app.ts";',
        'import { buildDocument, withServer } from "./src/http/openapi/document.ts";',
        `export const document = withServer(buildDocument(createApp()), ${JSON.stringify(DEV_ORIGIN)}, "npm run dev");`,
      ].join("\n"),
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    write: false,
    logLevel: "error",
    plugins: [workerdOnly],
  });
  const dir = mkdtempSync(path.join(tmpdir(), "edgefare-openapi-"));
  try {
    const file = path.join(dir, "document.mjs");
    writeFileSync(file, bundled.outputFiles[0]?.text ?? "");
    const { document } = (await import(pathToFileURL(file).href)) as { document: unknown };
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function lint(file: string): number {
  const redocly = path.join(root, "node_modules/@redocly/cli/bin/cli.js");
  const result = spawnSync(process.execPath, [redocly, "lint", file, "--config", path.join(root, "redocly.yaml")], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" },
  });
  return result.status ?? 1;
}

const out = path.resolve(root, opts.out);
await writeDocument(out);
console.log(`wrote ${path.relative(root, out)}`);
process.exitCode = opts["no-lint"] ? 0 : lint(out);
