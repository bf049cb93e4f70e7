import { bookingDepsFromEnv } from "../src/bookings/env-deps";
import type { PaymentDeps } from "../src/bookings/payment-deps";
import { handlePaymentJob } from "../src/bookings/payment-jobs";
import { QUEUES } from "../src/config";
import { recordDeadLetter } from "../src/dead-letters/record";
import type { AppEnv } from "../src/env";
import { productHooks } from "../src/http/product-hooks";
import { systemClock } from "../src/lib/clock";
import { jsonLogger } from "../src/lib/logger";
import { type Metrics, noMetrics } from "../src/metrics/events";
import { paymentProviderFromEnv } from "../src/payments/factory";
import { type JobDecision, paymentBackoffSeconds } from "../src/payments/retry-policy";

/** PAYMENT_JOBS consumer, called by the queue dispatcher (workers/queue.ts). */
export async function handlePaymentBatch(
  batch: MessageBatch,
  env: AppEnv,
  metrics: Metrics = noMetrics,
): Promise<void> {
  const log = jsonLogger({ queue: batch.queue });
  const choice = paymentProviderFromEnv(env);
  if (!choice.ok) {
    // Misconfigured: keep the jobs until an operator fixes it; the DLQ keeps what outlives that.
    log.error("payment_provider_unavailable", { reason: choice.reason });
    batch.retryAll({ delaySeconds: paymentBackoffSeconds(batch.messages[0]?.attempts ?? 1) });
    return;
  }
  const deps = {
    ...bookingDepsFromEnv(env, { clock: systemClock, log, products: productHooks(env, () => systemClock.now()) }),
    provider: choice.provider,
    metrics,
  };
  await consumePaymentBatch(batch, deps, env.DB);
}

/** Decode, run one verb per message, settle each message on its own. */
export async function consumePaymentBatch(batch: MessageBatch, deps: PaymentDeps, d1: D1Database): Promise<void> {
  for (const message of batch.messages) {
    const log = jsonLogger({ queue: batch.queue, message_id: message.id, attempt: message.attempts });
    const decision = await handlePaymentJob({
      deps: { ...deps, log },
      input: { body: message.body, attempts: message.attempts, messageId: message.id },
    });
    await settle(message, decision, d1, deps);
  }
}

async function settle(message: Message, decision: JobDecision, d1: D1Database, deps: PaymentDeps): Promise<void> {
  if (decision.action === "ack") return message.ack();
  if (decision.action === "retry") return message.retry({ delaySeconds: decision.delaySeconds });
  try {
    await recordDeadLetter(d1, {
      queue: QUEUES.paymentJobs,
      messageId: message.id,
      body: message.body,
      attempts: message.attempts,
      now: deps.clock.now(),
    });
    deps.log.warn("payment_job_dead_lettered", { message_id: message.id, reason: decision.reason });
    deps.metrics?.record({ kind: "dead_letter", queue: QUEUES.paymentJobs });
    message.ack();
  } catch (error) {
    deps.log.error("dead_letter_record_failed", { message_id: message.id, error: String(error) });
    message.retry({ delaySeconds: paymentBackoffSeconds(message.attempts) });
  }
}
