/**
 * Writing many generated rows (the seeds) to D1 as SQL text for `wrangler d1 execute --file`
 * (bulk-insert-d1.ts does the same through a binding). Rows are INSERT OR REPLACE with
 * deterministic keys, so loading the same seed twice changes nothing.
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

export function insertStatements<T>(table: string, columns: Columns<T>, rows: Iterable<T>): string[] {
  const head = `INSERT OR REPLACE INTO ${table} (${columns.map(([c]) => c).join(", ")}) VALUES\n`;
  const statements: string[] = [];
  let tuples: string[] = [];
  let bytes = head.length;
  for (const row of rows) {
    const tuple = `(${columns.map(([, pick]) => sqlLiteral(pick(row))).join(",")})`;
    if (tuples.length > 0 && bytes + tuple.length + 2 > MAX_STATEMENT_BYTES) {
      statements.push(`${head}${tuples.join(",\n")};`);
      tuples = [];
      bytes = head.length;
    }
    tuples.push(tuple);
    bytes += tuple.length + 2;
  }
  if (tuples.length > 0) statements.push(`${head}${tuples.join(",\n")};`);
  return statements;
}
