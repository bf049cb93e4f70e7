/**
 * `npm run restore`: loads a backup (src/backup, made nightly by the backup cron) into a fresh
 * local D1 database.
 *
 *   npm run restore -- --from <folder | r2:backups/<stamp>/> [--source-persist-to DIR] [--persist-to DIR]
 *
 * --from a folder holds manifest.json and <table>/<chunk>.ndjson, as downloaded from R2
 * (`rclone copy r2:edgefare-backups/backups/<stamp> ./restore`, or the dashboard); r2:<prefix>
 * reads the local R2 bucket of `npm run dev` (state in --source-persist-to, default
 * .wrangler/state). The target is the local D1 in --persist-to (default .wrangler/state): it is
 * migrated first and must be empty. Every chunk's checksum is verified before its rows are used.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from "miniflare";
import { BACKUP_ROOT } from "../src/backup/format.ts";
import { type ReadObject, readManifest, restoreSql } from "../src/backup/restore.ts";
import { applyMigrations, countRows, executeFile, type LocalD1 } from "./seed/wrangler.ts";

const BUCKET = "edgefare-backups";
/** Local D1 runs each file as one batch held in memory: keep files around 20 MB. */
const MAX_FILE_BYTES = 20_000_000;

function options() {
  const { values } = parseArgs({
    options: {
      from: { type: "string" },
      "persist-to": { type: "string" },
      "source-persist-to": { type: "string" },
    },
  });
  if (!values.from) throw new Error("--from <folder | r2:backups/<stamp>/> is required");
  const target: LocalD1 = values["persist-to"] ? { persistTo: values["persist-to"] } : {};
  return { from: values.from, target, sourcePersistTo: values["source-persist-to"] };
}

/** A backup's objects: `prefix` is what its keys start with; a folder keeps only the part after it. */
async function source(
  from: string,
  sourcePersistTo = ".wrangler/state",
): Promise<{ read: ReadObject; prefix: string; close: () => Promise<void> }> {
  if (from.startsWith("r2:")) {
    const prefix = from.slice(3).replace(/\/?$/, "/");
    if (!prefix.startsWith(BACKUP_ROOT)) throw new Error(`An R2 backup key starts with ${BACKUP_ROOT}`);
    // The local bucket, opened the way wrangler dev persists it (<persist-to>/v3/r2/<bucket name>).
    const options = {
      modules: true,
      script: "export default { fetch: () => new Response(null, { status: 204 }) };",
      r2Buckets: { BACKUPS: BUCKET },
      resourcePersistencePath: path.join(path.resolve(sourcePersistTo), "v3"),
    } satisfies V4MiniflareOptions;
    // Copied to a temporary folder first: the wrangler calls of the restore block this process,
    // and Miniflare's connection to its bucket does not survive that.
    const mf = new Miniflare(convertV4MiniflareOptions(options));
    const copy = mkdtempSync(path.join(tmpdir(), "edgefare-backup-"));
    try {
      const bucket = await mf.getR2Bucket("BACKUPS");
      let copied = 0;
      for (let cursor: string | undefined; ; ) {
        const page = await bucket.list({ prefix, cursor });
        for (const object of page.objects) {
          const text = (await bucket.get(object.key))?.text();
          const relative = object.key.slice(prefix.length);
          mkdirSync(path.dirname(path.join(copy, relative)), { recursive: true });
          writeFileSync(path.join(copy, relative), (await text) ?? "");
          copied++;
        }
        if (!page.truncated) break;
        cursor = page.cursor;
      }
      if (copied === 0) throw new Error(`Nothing under ${prefix} in the local bucket ${BUCKET}`);
    } finally {
      await mf.dispose();
    }
    const folder = await source(copy);
    return { ...folder, close: async () => rmSync(copy, { recursive: true, force: true }) };
  }
  const folder = path.resolve(from);
  return {
    prefix: "",
    read: async (key) => {
      // Chunk keys in the manifest are full R2 keys: <prefix><table>/<n>.ndjson.
      const relative = key === "manifest.json" ? key : key.split("/").slice(-2).join("/");
      try {
        return readFileSync(path.join(folder, relative), "utf8");
      } catch {
        return null;
      }
    },
    close: async () => {},
  };
}

async function main(): Promise<void> {
  const opts = options();
  const started = performance.now();
  const { read, prefix, close } = await source(opts.from, opts.sourcePersistTo);
  try {
    await restore(read, prefix, opts.target);
  } finally {
    await close();
  }
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

async function restore(read: ReadObject, prefix: string, target: LocalD1): Promise<void> {
  const manifest = await readManifest(read, prefix);
  applyMigrations(target);
  const counts = countRows(
    manifest.tables.map((t) => t.name),
    target,
  );
  const busy = Object.entries(counts).filter(([, n]) => n > 0);
  if (busy.length > 0) {
    throw new Error(
      `The target database is not empty (${busy.map(([t, n]) => `${t}: ${n}`).join(", ")}): restore into a fresh one`,
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), "edgefare-restore-"));
  try {
    let file: string[] = [];
    let bytes = 0;
    let files = 0;
    const flush = () => {
      if (file.length === 0) return;
      const name = path.join(dir, `restore-${files++}.sql`);
      // Each file is its own transaction: deferred foreign keys are checked at its end.
      writeFileSync(name, ["PRAGMA defer_foreign_keys = ON;", ...file].join("\n"));
      executeFile(name, target);
      file = [];
      bytes = 0;
    };
    for await (const statements of restoreSql(read, manifest)) {
      for (const s of statements) {
        if (s.startsWith("PRAGMA")) continue;
        file.push(s);
        bytes += s.length;
      }
      if (bytes > MAX_FILE_BYTES) flush();
    }
    flush();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  console.log(
    `Restored ${rows} rows in ${manifest.tables.length} tables from the backup of ${manifest.startedAt} (migration ${manifest.migration ?? "unknown"}).`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
