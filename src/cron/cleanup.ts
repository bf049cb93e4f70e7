import { and, eq, inArray, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { emailOutbox } from "../db/schema";
import type { Logger } from "../lib/logger";

export const SENT_OUTBOX_RETENTION_DAYS = 30;
const DELETE_CHUNK = 500;
const MAX_CHUNKS = 40;

/**
 * Deletes delivered outbox rows older than the retention. Chunked (DELETE ... LIMIT through a
 * subquery) so no single statement runs long or writes too many rows for D1; at most
 * DELETE_CHUNK * MAX_CHUNKS rows per nightly run, the remainder goes the next night.
 * Pending and failed rows are kept: they still matter to someone.
 */
export async function purgeSentOutbox({
  deps,
  now,
}: {
  deps: { db: Database; log: Logger };
  now: number;
}): Promise<{ deleted: number }> {
  const cutoff = Math.floor(now / 1000) - SENT_OUTBOX_RETENTION_DAYS * 86400;
  let deleted = 0;
  for (let chunk = 0; chunk < MAX_CHUNKS; chunk++) {
    const chunkIds = deps.db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "sent"), lt(emailOutbox.createdAt, cutoff)))
      .limit(DELETE_CHUNK);
    const result = await deps.db.delete(emailOutbox).where(inArray(emailOutbox.id, chunkIds)).run();
    deleted += result.meta.changes;
    if (result.meta.changes < DELETE_CHUNK) break;
  }
  if (deleted > 0) deps.log.info("outbox_purged", { deleted });
  return { deleted };
}
