import { eraseAccountBookings, parseAccountJob, queueErasureDoneEmail } from "../src/accounts/erasure";
import { QUEUES } from "../src/config";
import { createDb } from "../src/db/client";
import { recordDeadLetter } from "../src/dead-letters/record";
import type { AppEnv } from "../src/env";
import { jsonLogger } from "../src/lib/logger";
import { backoffSeconds } from "../src/notifications/backoff";
import { enqueueOutboxEmails } from "../src/notifications/outbox";

/**
 * ACCOUNT_JOBS consumer: one erasure per message, each settled on its own. A body that is not a
 * job is recorded as a dead letter at once (retrying cannot fix it); a failure is retried with
 * backoff and, after max_retries, goes to the dead-letter queue. A run that hit its limit sends
 * the job again rather than holding the batch. The last run emails the traveller that it is done.
 */
export async function handleAccountBatch(batch: MessageBatch, env: AppEnv): Promise<void> {
  const log = jsonLogger({ queue: batch.queue });
  const db = createDb(env.DB);
  for (const message of batch.messages) {
    const job = parseAccountJob(message.body);
    try {
      if (!job) {
        const id = await recordDeadLetter(env.DB, {
          queue: QUEUES.accountJobs,
          messageId: message.id,
          body: message.body,
          attempts: message.attempts,
          now: Date.now(),
        });
        log.warn("account_job_invalid", { message_id: message.id, dead_letter_id: id });
        message.ack();
        continue;
      }
      const done = await eraseAccountBookings({
        deps: { db, d1: env.DB, now: Date.now() },
        input: { accountId: job.account_id },
      });
      if (done.more) await env.ACCOUNT_JOBS.send(job, { contentType: "json" });
      else if (job.notify && done.erased) {
        const outboxId = await queueErasureDoneEmail({
          deps: { db, now: Date.now() },
          input: { accountId: job.account_id, to: job.notify },
        });
        await enqueueOutboxEmails(env.EMAIL_JOBS, [outboxId], log);
      }
      log.info("account_bookings_erased", { account_id: job.account_id, anonymised: done.anonymised, more: done.more });
      message.ack();
    } catch (error) {
      log.error("account_job_failed", { message_id: message.id, attempt: message.attempts, error: String(error) });
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}
