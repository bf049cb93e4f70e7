import type { Logger } from "../lib/logger";
import { OUTBOX_SWEEP_AGE_SECONDS } from "./messages";
import { enqueueOutboxEmails } from "./outbox";

/** Queues take at most 100 messages per sendBatch. */
const SWEEP_PAGE = 100;
const SWEEP_MAX_PAGES = 5;

/**
 * Re-enqueues outbox rows that were committed but never picked up: the caller's enqueue after
 * its batch failed or never ran. Only rows no consumer has claimed yet (attempts = 0) are
 * swept; a row with attempts > 0 is owned by a message in the queue (retrying, or on its way to
 * the dead-letter queue, which marks it failed). A row re-enqueued while its first message is
 * merely slow gets two jobs, and the claim in deliverOutboxEmail lets only one of them send.
 *
 * Pages by created_at so one run is bounded (SWEEP_PAGE * SWEEP_MAX_PAGES rows) however large
 * the backlog; the next run continues.
 */
export async function sweepPendingOutbox({
  deps,
  now,
}: {
  deps: { d1: D1Database; emailJobs: Queue; log: Logger };
  now: number;
}): Promise<{ requeued: number }> {
  const cutoff = Math.floor(now / 1000) - OUTBOX_SWEEP_AGE_SECONDS;
  let requeued = 0;
  let after = { createdAt: -1, id: "" };
  for (let page = 0; page < SWEEP_MAX_PAGES; page++) {
    const { results } = await deps.d1
      .prepare(
        `SELECT id, created_at FROM email_outbox
         WHERE status = 'pending' AND attempts = 0 AND created_at <= ?
           AND (created_at > ? OR (created_at = ? AND id > ?))
         ORDER BY created_at, id LIMIT ?`,
      )
      .bind(cutoff, after.createdAt, after.createdAt, after.id, SWEEP_PAGE)
      .all<{ id: string; created_at: number }>();
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
    after = { createdAt: last.created_at, id: last.id };
  }
  if (requeued > 0) deps.log.warn("outbox_requeued", { count: requeued });
  return { requeued };
}
