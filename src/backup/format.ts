import { z } from "zod";

/**
 * A backup is a folder of R2 objects under `backups/<stamp>/`: one `manifest.json`, written last
 * (a folder without it is an export that did not finish and is ignored), and per table chunks of
 * NDJSON, one JSON array of column values per line, in the manifest's column order.
 */
export const BACKUP_ROOT = "backups/";
export const MANIFEST = "manifest.json";

export const ManifestSchema = z.object({
  version: z.literal(1),
  /** The last D1 migration applied to the exported database; a restore applies migrations up to it first. */
  migration: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** In restore order: a table comes after every table it references. */
  tables: z.array(
    z.object({
      name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
      columns: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)),
      rows: z.number().int().nonnegative(),
      chunks: z.array(z.object({ key: z.string(), rows: z.number().int(), sha256: z.string() })),
    }),
  ),
});
export type Manifest = z.infer<typeof ManifestSchema>;
export type TableEntry = Manifest["tables"][number];

/** `2026-11-30T02-00-00Z`: sorts by time, safe in an object key. */
export function backupStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replaceAll(":", "-");
}

/** Hex SHA-256 of a chunk's text (Web Crypto, so the Worker and the restore tool compute the same). */
export async function checksum(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A column value as an SQL literal: the restore writes plain SQL so wrangler can run it too. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`Cannot restore the number ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'`;
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
    return `X'${value.map((b: number) => b.toString(16).padStart(2, "0")).join("")}'`;
  }
  throw new Error(`Cannot restore a value of type ${typeof value}`);
}

const quote = (name: string) => `"${name}"`;

/** Rows per INSERT: well under SQLite's limit of 500 terms in a VALUES list. */
const ROWS_PER_INSERT = 100;

/** A chunk's rows as multi-row INSERTs (one statement per row made local D1 take minutes for 50k rows). */
export function insertStatements(table: TableEntry, ndjson: string): { statements: string[]; rows: number } {
  const head = `INSERT INTO ${quote(table.name)} (${table.columns.map(quote).join(", ")}) VALUES `;
  const tuples = ndjson
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => {
      const values = JSON.parse(line) as unknown[];
      if (!Array.isArray(values) || values.length !== table.columns.length) {
        throw new Error(`A row of ${table.name} does not have ${table.columns.length} values`);
      }
      return `(${values.map(sqlLiteral).join(", ")})`;
    });
  const statements: string[] = [];
  for (let i = 0; i < tuples.length; i += ROWS_PER_INSERT) {
    statements.push(`${head}${tuples.slice(i, i + ROWS_PER_INSERT).join(", ")};`);
  }
  return { statements, rows: tuples.length };
}
