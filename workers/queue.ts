import { QUEUES } from "../src/config";
import { createDb } from "../src/db/client";
import { recordExhaustedMessage } from "../src/dead-letters/consumer";
import type { AppEnv } from "../src/env";
import { jsonLogger } from "../src/lib/logger";
import { MetricsBuffer } from "../src/metrics/buffer";
import type { Metrics } from "../src/metrics/events";
import { bufferedMetrics } from "../src/metrics/recorder";
import { backoffSeconds } from "../src/notifications/backoff";
import { originOf } from "../src/queues";
import { handleEmailBatch } from "./email-consumer";
import { handlePaymentBatch } from "./payment-consumer";

/** This isolate's metric increments from queue work, flushed like the request path's (src/metrics/buffer.ts). */
const buffer = new MetricsBuffer();

/** The Worker's one queue handler: records each message's lag, then routes the batch by the queue it came from. */
export async function handleQueue(batch: MessageBatch, env: AppEnv, ctx: ExecutionContext): Promise<void> {
  const metrics = bufferedMetrics({
    env,
    buffer,
    waitUntil: (p) => ctx.waitUntil(p),
    log: jsonLogger({ queue: batch.queue }),
  });
  const now = Date.now();
  for (const message of batch.messages) {
    metrics.record({
      kind: "queue",
      queue: batch.queue,
      lagMs: Math.max(0, now - message.timestamp.getTime()),
      attempts: message.attempts,
    });
  }
  switch (batch.queue) {
    case QUEUES.paymentJobs:
      return handlePaymentBatch(batch, env, metrics);
    case QUEUES.emailJobs:
      return handleEmailBatch(batch, env, metrics);
    case QUEUES.emailDeadLetters:
    case QUEUES.paymentDeadLetters:
      return handleDeadLetterBatch(batch, env, metrics);
    default:
      // A queue wired in wrangler.toml but not here is a deployment mistake (config-drift.test.ts
      // guards it). Retrying keeps the messages until the queue's own limits move or drop them.
      jsonLogger({ queue: batch.queue }).error("queue_not_handled", { messages: batch.messages.length });
      batch.retryAll({ delaySeconds: 300 });
  }
}

async function handleDeadLetterBatch(batch: MessageBatch, env: AppEnv, metrics: Metrics): Promise<void> {
  const log = jsonLogger({ queue: batch.queue });
  const origin = originOf(batch.queue);
  if (!origin) throw new Error(`${batch.queue} is not a dead-letter queue`);
  const deps = { d1: env.DB, db: createDb(env.DB) };
  for (const message of batch.messages) {
    try {
      const id = await recordExhaustedMessage({
        deps,
        input: { origin, messageId: message.id, body: message.body, now: Date.now() },
      });
      log.warn("dead_letter_recorded", { dead_letter_id: id, origin, message_id: message.id });
      metrics.record({ kind: "dead_letter", queue: origin });
      message.ack();
    } catch (error) {
      log.error("dead_letter_record_failed", { message_id: message.id, error: String(error) });
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}
