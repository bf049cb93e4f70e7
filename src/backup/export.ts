import type { Logger } from "../lib/logger";
import { BACKUP_ROOT, backupStamp, checksum, MANIFEST, type Manifest, type TableEntry } from "./format";
import { backupTables, type TableInfo } from "./tables";

/** Rows per SELECT and per NDJSON object: a few MB at most per chunk, well inside a Worker's memory. */
export const CHUNK_ROWS = 2_000;
/** Nightly backups kept; older ones are deleted after a new one is complete. */
export const BACKUP_RETENTION = 14;

export interface ExportDeps {
  d1: D1Database;
  bucket: R2Bucket;
  log: Logger;
}

/**
 * Exports every table to R2. D1 has no snapshot across statements, so each table is read in
 * rowid order in chunks, children before parents: a row written during the export may be
 * missing, but a child row is never saved without the parent it references (parents are not
 * deleted while referenced). For an exact point in time, use D1 Time Travel (docs/operations.md).
 */
export async function exportDatabase({ deps, input }: { deps: ExportDeps; input: { now: number } }) {
  const prefix = `${BACKUP_ROOT}${backupStamp(input.now)}/`;
  const startedAt = new Date(input.now).toISOString();
  const { results: tables } = await deps.d1
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
    .all<TableInfo>();
  const order = backupTables(tables);
  const entries = new Map<string, TableEntry>();
  for (const name of [...order].reverse()) entries.set(name, await exportTable(deps, prefix, name));
  const manifest: Manifest = {
    version: 1,
    migration: await lastMigration(deps.d1),
    startedAt,
    finishedAt: new Date().toISOString(),
    tables: order.map((name) => entries.get(name) as TableEntry),
  };
  await deps.bucket.put(`${prefix}${MANIFEST}`, JSON.stringify(manifest, null, 2), {
    httpMetadata: { contentType: "application/json" },
  });
  const deleted = await applyRetention(deps.bucket, BACKUP_RETENTION);
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  return { prefix, tables: manifest.tables.length, rows, deleted };
}

async function exportTable(deps: ExportDeps, prefix: string, name: string): Promise<TableEntry> {
  // Table names come from sqlite_master, never from input.
  const { results: info } = await deps.d1.prepare(`PRAGMA table_info("${name}")`).all<{ name: string }>();
  const columns = info.map((c) => c.name);
  const list = columns.map((c) => `"${c}"`).join(", ");
  const entry: TableEntry = { name, columns, rows: 0, chunks: [] };
  for (let after = Number.MIN_SAFE_INTEGER; ; ) {
    const { results } = await deps.d1
      .prepare(`SELECT rowid AS __rowid, ${list} FROM "${name}" WHERE rowid > ? ORDER BY rowid LIMIT ?`)
      .bind(after, CHUNK_ROWS)
      .raw<unknown[]>()
      .then((rows) => ({ results: rows }));
    if (results.length === 0) break;
    const text = `${results.map((r) => JSON.stringify(r.slice(1).map(plain))).join("\n")}\n`;
    const key = `${prefix}${name}/${String(entry.chunks.length).padStart(5, "0")}.ndjson`;
    await deps.bucket.put(key, text, { httpMetadata: { contentType: "application/x-ndjson" } });
    entry.chunks.push({ key, rows: results.length, sha256: await checksum(text) });
    entry.rows += results.length;
    after = Number(results.at(-1)?.[0]);
    if (results.length < CHUNK_ROWS) break;
  }
  return entry;
}

/** BLOBs come back as ArrayBuffers, which JSON cannot hold: stored as byte arrays (format.ts writes them back as X'..'). */
const plain = (v: unknown) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v);

async function lastMigration(d1: D1Database): Promise<string | null> {
  try {
    const row = await d1.prepare("SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1").first<{ name: string }>();
    return row?.name ?? null;
  } catch {
    return null;
  }
}

/** Deletes complete backups beyond the newest `keep` (an unfinished one is left for an operator to look at). */
async function applyRetention(bucket: R2Bucket, keep: number): Promise<number> {
  const listed = await bucket.list({ prefix: BACKUP_ROOT, delimiter: "/" });
  const folders = [...listed.delimitedPrefixes].sort().reverse();
  let deleted = 0;
  for (const folder of folders.slice(keep)) {
    if (!(await bucket.head(`${folder}${MANIFEST}`))) continue;
    for (let cursor: string | undefined; ; ) {
      const page = await bucket.list({ prefix: folder, cursor });
      if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
      if (!page.truncated) break;
      cursor = page.cursor;
    }
    deleted++;
  }
  return deleted;
}
