import { QUEUES } from "../src/config";
import { createDb } from "../src/db/client";
import { recordDeadLetter } from "../src/dead-letters/record";
import type { AppEnv } from "../src/env";
import { systemClock } from "../src/lib/clock";
import { jsonLogger, type Logger } from "../src/lib/logger";
import { type Metrics, noMetrics } from "../src/metrics/events";
import { backoffSeconds } from "../src/notifications/backoff";
import { handleEmailJob, type QueueAction } from "../src/notifications/email-job";
import { createEmailSender, type EmailSender } from "../src/notifications/senders";

/** EMAIL_JOBS consumer: one outbox row per message, each settled on its own. */
export async function handleEmailBatch(batch: MessageBatch, env: AppEnv, metrics: Metrics = noMetrics): Promise<void> {
  const log = jsonLogger({ queue: batch.queue });
  let sender: EmailSender | undefined;
  const deps = {
    db: createDb(env.DB),
    from: env.EMAIL_FROM,
    clock: systemClock,
    log,
    metrics,
    // Built on first use, so a misconfigured provider still lets invalid bodies be dead-lettered.
    get sender() {
      sender ??= createEmailSender(env);
      return sender;
    },
  };
  for (const message of batch.messages) {
    let action: QueueAction;
    try {
      action = await handleEmailJob({ deps, input: { body: message.body, attempts: message.attempts } });
    } catch (error) {
      log.error("email_job_crashed", { message_id: message.id, attempt: message.attempts, error: String(error) });
      action = { kind: "retry", delaySeconds: backoffSeconds(message.attempts) };
    }
    await settle(message, action, env.DB, log, metrics);
  }
}

async function settle(
  message: Message,
  action: QueueAction,
  d1: D1Database,
  log: Logger,
  metrics: Metrics,
): Promise<void> {
  if (action.kind === "ack") return message.ack();
  if (action.kind === "retry") return message.retry({ delaySeconds: action.delaySeconds });
  try {
    const id = await recordDeadLetter(d1, {
      queue: QUEUES.emailJobs,
      messageId: message.id,
      body: message.body,
      attempts: message.attempts,
      now: systemClock.now(),
    });
    log.warn("email_job_dead_lettered", { message_id: message.id, dead_letter_id: id, reason: action.reason });
    metrics.record({ kind: "dead_letter", queue: QUEUES.emailJobs });
    message.ack();
  } catch (error) {
    log.error("dead_letter_record_failed", { message_id: message.id, error: String(error) });
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}
