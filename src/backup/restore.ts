import { checksum, insertStatements, MANIFEST, type Manifest, ManifestSchema } from "./format.ts";

/** Where a backup's objects are read from: R2 in the Worker and the test, a folder or local R2 for `npm run restore`. */
export type ReadObject = (key: string) => Promise<string | null>;

/** The manifest of the backup at `prefix` (`backups/<stamp>/`), checked. */
export async function readManifest(read: ReadObject, prefix: string): Promise<Manifest> {
  const text = await read(`${prefix}${MANIFEST}`);
  if (text === null) throw new Error(`No ${MANIFEST} under ${prefix}: not a complete backup`);
  return ManifestSchema.parse(JSON.parse(text));
}

/**
 * The SQL that loads a backup into a database migrated to the same schema, table by table in
 * restore order, each chunk's checksum verified before any of its rows is used. Foreign keys are
 * checked at the end of the load, not per row.
 */
export async function* restoreSql(read: ReadObject, manifest: Manifest): AsyncGenerator<string[]> {
  yield ["PRAGMA defer_foreign_keys = ON;"];
  for (const table of manifest.tables) {
    for (const chunk of table.chunks) {
      const text = await read(chunk.key);
      if (text === null) throw new Error(`Missing chunk ${chunk.key}`);
      if ((await checksum(text)) !== chunk.sha256) throw new Error(`Checksum mismatch in ${chunk.key}`);
      const { statements, rows } = insertStatements(table, text);
      if (rows !== chunk.rows) throw new Error(`${chunk.key} has ${rows} rows, not ${chunk.rows}`);
      yield statements;
    }
  }
}
