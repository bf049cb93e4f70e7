import { and, asc, eq, gt, lte, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { emailOutbox } from "../db/schema";
import type { Logger } from "../lib/logger";
import { OUTBOX_RETRY_LOST_AFTER_SECONDS, OUTBOX_SWEEP_AGE_SECONDS } from "./messages";
import { enqueueOutboxEmails } from "./outbox";

/** Queues take at most 100 messages per sendBatch. */
const SWEEP_PAGE = 100;
const SWEEP_MAX_PAGES = 5;

/**
 * Re-enqueues pending outbox rows whose message is gone:
 * - never picked up (attempts = 0) for OUTBOX_SWEEP_AGE_SECONDS: the caller's enqueue after its
 *   batch failed or never ran;
 * - attempted, and not claimed again for longer than any retry could still be waiting
 *   (OUTBOX_RETRY_LOST_AFTER_SECONDS): the retry was lost (a restart, a lost message). A retry
 *   still queued, or a message on its way to the dead-letter queue (which marks the row failed),
 *   is younger than that.
 * A row re-enqueued while its message is merely slow gets two jobs, and the claim in
 * deliverOutboxEmail lets only one of them send.
 *
 * Pages by created_at so one run is bounded (SWEEP_PAGE * SWEEP_MAX_PAGES rows) however large
 * the backlog; the next run continues.
 */
export async function sweepPendingOutbox({
  deps,
  now,
}: {
  deps: { db: Database; emailJobs: Queue; log: Logger };
  now: number;
}): Promise<{ requeued: number }> {
  const cutoff = Math.floor(now / 1000) - OUTBOX_SWEEP_AGE_SECONDS;
  const retryCutoff = Math.floor(now / 1000) - OUTBOX_RETRY_LOST_AFTER_SECONDS;
  let requeued = 0;
  let after = { createdAt: -1, id: "" };
  for (let page = 0; page < SWEEP_MAX_PAGES; page++) {
    const { id, createdAt, attempts, lastAttemptAt, status } = emailOutbox;
    const results = await deps.db
      .select({ id, createdAt })
      .from(emailOutbox)
      .where(
        and(
          eq(status, "pending"),
          lte(createdAt, cutoff),
          or(eq(attempts, 0), lte(sql`COALESCE(${lastAttemptAt}, ${createdAt})`, retryCutoff)),
          or(gt(createdAt, after.createdAt), and(eq(createdAt, after.createdAt), gt(id, after.id))),
        ),
      )
      .orderBy(asc(createdAt), asc(id))
      .limit(SWEEP_PAGE);
    if (results.length === 0) break;
    const accepted = await enqueueOutboxEmails(
      deps.emailJobs,
      results.map((r) => r.id),
      deps.log,
    );
    // A queue that refuses now will refuse the next page too: stop, the next run retries.
    if (!accepted) break;
    requeued += results.length;
    const last = results[results.length - 1];
    if (!last || results.length < SWEEP_PAGE) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  if (requeued > 0) deps.log.warn("outbox_requeued", { count: requeued });
  return { requeued };
}
