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
  deps: { d1: D1Database; emailJobs: Queue; log: Logger };
  now: number;
}): Promise<{ requeued: number }> {
  const cutoff = Math.floor(now / 1000) - OUTBOX_SWEEP_AGE_SECONDS;
  const retryCutoff = Math.floor(now / 1000) - OUTBOX_RETRY_LOST_AFTER_SECONDS;
  let requeued = 0;
  let after = { createdAt: -1, id: "" };
  for (let page = 0; page < SWEEP_MAX_PAGES; page++) {
    const { results } = await deps.d1
      .prepare(
        `SELECT id, created_at FROM email_outbox
         WHERE status = 'pending' AND created_at <= ?
           AND (attempts = 0 OR COALESCE(last_attempt_at, created_at) <= ?)
           AND (created_at > ? OR (created_at = ? AND id > ?))
         ORDER BY created_at, id LIMIT ?`,
      )
      .bind(cutoff, retryCutoff, after.createdAt, after.createdAt, after.id, SWEEP_PAGE)
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
