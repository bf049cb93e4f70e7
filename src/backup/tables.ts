/** What the export reads from sqlite_master. */
export interface TableInfo {
  name: string;
  sql: string;
}

/**
 * The tables a backup holds, in restore order (every table after the ones it references). Left
 * out: SQLite's and Cloudflare's own tables, d1_migrations (the restore applies migrations
 * itself) and full-text indexes with their shadow tables, which the triggers rebuild as rows are
 * inserted.
 */
export function backupTables(all: TableInfo[]): string[] {
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const kept = all.filter(
    (t) =>
      !/^(sqlite_|_cf_|d1_migrations$)/.test(t.name) &&
      !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)),
  );
  const names = new Set(kept.map((t) => t.name));
  const refs = new Map(
    kept.map((t) => [
      t.name,
      [...t.sql.matchAll(/REFERENCES\s+[`"[]?(\w+)/gi)]
        .map((m) => m[1] ?? "")
        .filter((r) => r !== t.name && names.has(r)),
    ]),
  );
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const r of refs.get(name) ?? []) visit(r, path);
    ordered.push(name);
  };
  for (const t of [...names].sort()) visit(t, new Set());
  return ordered;
}
