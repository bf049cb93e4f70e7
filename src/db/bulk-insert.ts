/**
 * Writing many generated rows (the seeds) to D1 as SQL text for `wrangler d1 execute --file`
 * (bulk-insert-d1.ts does the same through a binding). Rows are INSERT OR REPLACE (or upserted)
 * with deterministic keys, so loading the same seed twice changes nothing.
 */
export type SqlValue = string | number | null;
export type Columns<T> = readonly (readonly [column: string, pick: (row: T) => SqlValue])[];

/** D1 caps one SQL statement at 100 KB; staying under it keeps the files valid for --remote too. */
const MAX_STATEMENT_BYTES = 90_000;

export function sqlLiteral(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} as SQL`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Multi-row INSERTs of at most MAX_STATEMENT_BYTES. With `upsertOn`, a row that exists is updated
 * in place (ON CONFLICT … DO UPDATE), never deleted and re-inserted: update triggers fire (events'
 * full-text index follows them), which INSERT OR REPLACE's delete-and-insert would not.
 */
export function insertStatements<T>(
  table: string,
  columns: Columns<T>,
  rows: Iterable<T>,
  options: { upsertOn?: string } = {},
): string[] {
  const names = columns.map(([c]) => c);
  const { upsertOn } = options;
  const head = `INSERT${upsertOn ? "" : " OR REPLACE"} INTO ${table} (${names.join(", ")}) VALUES\n`;
  const tail = upsertOn
    ? `\nON CONFLICT(${upsertOn}) DO UPDATE SET ${names
        .filter((n) => n !== upsertOn)
        .map((n) => `${n} = excluded.${n}`)
        .join(", ")};`
    : ";";
  const statements: string[] = [];
  let tuples: string[] = [];
  let bytes = head.length + tail.length;
  for (const row of rows) {
    const tuple = `(${columns.map(([, pick]) => sqlLiteral(pick(row))).join(",")})`;
    if (tuples.length > 0 && bytes + tuple.length + 2 > MAX_STATEMENT_BYTES) {
      statements.push(`${head}${tuples.join(",\n")}${tail}`);
      tuples = [];
      bytes = head.length + tail.length;
    }
    tuples.push(tuple);
    bytes += tuple.length + 2;
  }
  if (tuples.length > 0) statements.push(`${head}${tuples.join(",\n")}${tail}`);
  return statements;
}
