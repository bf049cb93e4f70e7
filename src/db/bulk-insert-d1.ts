import type { Columns } from "./bulk-insert.ts";

/**
 * D1 allows at most 100 bound parameters per statement, which would mean thousands of tiny
 * INSERTs; instead each statement binds one JSON array of rows and unpacks it with json_each.
 */
export function jsonInsert<T>(
  db: D1Database,
  table: string,
  columns: Columns<T>,
  rows: readonly T[],
): D1PreparedStatement {
  const names = columns.map(([c]) => c);
  const select = names.map((_, i) => `value ->> ${i}`).join(", ");
  const json = JSON.stringify(rows.map((row) => columns.map(([, pick]) => pick(row))));
  return db
    .prepare(`INSERT OR REPLACE INTO ${table} (${names.join(", ")}) SELECT ${select} FROM json_each(?)`)
    .bind(json);
}

export const ROWS_PER_STATEMENT = 500;

export function chunked<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Every row of every table through a binding, `ROWS_PER_STATEMENT` per statement, one batch per table. */
export async function insertRows<T>(db: D1Database, table: string, columns: Columns<T>, rows: readonly T[]) {
  if (rows.length === 0) return;
  await db.batch(chunked(rows, ROWS_PER_STATEMENT).map((part) => jsonInsert(db, table, columns, part)));
}
