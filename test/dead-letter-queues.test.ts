import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { QUEUES } from "../src/config";
import { emailJob } from "../src/notifications/messages";
import worker from "../workers/index";
import { insertOutboxEmail, outboxRow } from "./support/notifications";

async function consume(batch: MessageBatch) {
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

const deadLetterOf = (messageId: string) =>
  env.DB.prepare("SELECT id, queue, body, attempts, replayed_at FROM dead_letters WHERE message_id = ?")
    .bind(messageId)
    .first<Record<string, unknown>>();

describe("queue dispatch", () => {
  it("hands payment jobs to the payment consumer, which dead-letters a body it cannot read", async () => {
    const body = { v: 99, type: "charge" };
    const batch = createMessageBatch(QUEUES.paymentJobs, [
      { id: "pay-msg-1", timestamp: new Date(), attempts: 1, body },
    ]);

    const result = await consume(batch);

    expect(result.explicitAcks).toEqual(["pay-msg-1"]);
    expect(await deadLetterOf("pay-msg-1")).toMatchObject({ queue: QUEUES.paymentJobs, body: JSON.stringify(body) });
  });

  it("keeps messages from a queue it does not know, rather than dropping them", async () => {
    const batch = createMessageBatch("edgefare-unknown", [{ id: "x-1", timestamp: new Date(), attempts: 1, body: {} }]);
    const result = await consume(batch);
    expect(result.retryBatch.retry).toBe(true);
    expect(result.explicitAcks).toEqual([]);
  });
});

describe("dead-letter queues", () => {
  it("records an email job that exhausted its retries and marks its outbox row failed", async () => {
    const outboxId = await insertOutboxEmail();
    const batch = createMessageBatch(QUEUES.emailDeadLetters, [
      { id: "dlq-msg-1", timestamp: new Date(), attempts: 1, body: emailJob(outboxId) },
    ]);

    const result = await consume(batch);

    expect(result.explicitAcks).toEqual(["dlq-msg-1"]);
    const dead = await deadLetterOf("dlq-msg-1");
    expect(dead).toEqual({
      id: expect.stringMatching(/^dlt_[0-9a-f]{24}$/),
      queue: QUEUES.emailJobs,
      body: JSON.stringify(emailJob(outboxId)),
      attempts: 6,
      replayed_at: null,
    });
    expect(await outboxRow(outboxId)).toMatchObject({
      status: "failed",
      last_error: `gave up after 6 attempts (dead letter ${dead?.id})`,
    });
  });

  it("records a payment job from its dead-letter queue under the payment queue, once per message", async () => {
    const body = { v: 1, type: "charge", bookingId: "bkg_x", paymentId: "pay_x" };
    for (const attempts of [1, 2]) {
      const batch = createMessageBatch(QUEUES.paymentDeadLetters, [
        { id: "dlq-msg-2", timestamp: new Date(), attempts, body },
      ]);
      expect((await consume(batch)).explicitAcks).toEqual(["dlq-msg-2"]);
    }
    const { results } = await env.DB.prepare("SELECT queue, body FROM dead_letters WHERE message_id = ?")
      .bind("dlq-msg-2")
      .all();
    expect(results).toEqual([{ queue: QUEUES.paymentJobs, body: JSON.stringify(body) }]);
  });
});
