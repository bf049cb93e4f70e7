import { QUEUES } from "../config";
import type { Database } from "../db/client";
import { markOutboxEmailFailed } from "../notifications/deliver";
import { EmailJobSchema } from "../notifications/messages";
import { QUEUE_ROUTES, storableBody, type WorkQueue } from "../queues";
import { recordDeadLetter } from "./record";

/**
 * A message arriving on a dead-letter queue has already failed every retry on its work queue
 * (maxRetries + 1 deliveries): record it for operators. An email job's outbox row is marked
 * failed too, so the outbox sweep stops treating it as pending. Personal fields of a body (the
 * erasure job's address) are not stored.
 */
export async function recordExhaustedMessage({
  deps,
  input,
}: {
  deps: { d1: D1Database; db: Database };
  input: { origin: WorkQueue; messageId: string; body: unknown; now: number };
}): Promise<string> {
  const attempts = QUEUE_ROUTES[input.origin].maxRetries + 1;
  const id = await recordDeadLetter(deps.d1, {
    queue: input.origin,
    messageId: input.messageId,
    body: storableBody(input.origin, input.body),
    attempts,
    now: input.now,
  });
  if (input.origin === QUEUES.emailJobs) {
    const job = EmailJobSchema.safeParse(input.body);
    if (job.success) {
      await markOutboxEmailFailed(deps.db, job.data.outboxId, `gave up after ${attempts} attempts (dead letter ${id})`);
    }
  }
  return id;
}
