import type { Manifest } from "./format";
import { type ReadObject, readManifest, restoreSql } from "./restore";

/** Refuses to restore over data: every table the backup fills must be empty in the target. */
export async function assertEmpty(d1: D1Database, manifest: Manifest): Promise<void> {
  for (const t of manifest.tables) {
    const row = await d1.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).first<{ n: number }>();
    if ((row?.n ?? 0) > 0) throw new Error(`Table ${t.name} is not empty: restore into a fresh database`);
  }
}

/** Loads a backup into a D1 binding (the test's fresh database). Batches of statements, each atomic. */
export async function restoreIntoD1(d1: D1Database, read: ReadObject, prefix: string) {
  const manifest = await readManifest(read, prefix);
  await assertEmpty(d1, manifest);
  for await (const statements of restoreSql(read, manifest)) {
    if (statements[0]?.startsWith("PRAGMA")) continue;
    await d1.batch(statements.map((s) => d1.prepare(s)));
  }
  return { tables: manifest.tables.length, rows: manifest.tables.reduce((n, t) => n + t.rows, 0) };
}

export const r2Reader =
  (bucket: R2Bucket): ReadObject =>
  async (key) =>
    (await bucket.get(key))?.text() ?? null;
