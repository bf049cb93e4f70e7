import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { QUEUES } from "../src/config";
import { emailJob } from "../src/notifications/messages";
import worker from "../workers/index";
import { countingEmailBinding, insertOutboxEmail, outboxRow, unavailableEmailBinding } from "./support/notifications";

let seq = 0;
function emailBatch(bodies: unknown[], attempts = 1) {
  return createMessageBatch(
    QUEUES.emailJobs,
    bodies.map((body) => ({ id: `msg-${++seq}`, timestamp: new Date(), attempts, body })),
  );
}

/**
 * Runs the Worker's queue handler on a batch. getQueueResult (vitest-plugin 1.5) reports which
 * messages were retried but drops the delay, so the delay each retry() was called with is
 * recorded on the way through to the runtime's own retry().
 */
async function consume(batch: MessageBatch, workerEnv: Env = env) {
  const delays = new Map<string, number | undefined>();
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options?: QueueRetryOptions) => {
      delays.set(message.id, options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, workerEnv, ctx);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryMessages: result.retryMessages.map((r) => ({ ...r, delaySeconds: delays.get(r.msgId) })) };
}

describe("EMAIL_JOBS consumer", () => {
  it("sends a pending row through the send_email binding and marks it sent", async () => {
    const outboxId = await insertOutboxEmail();
    const { binding, sent } = countingEmailBinding();
    const batch = emailBatch([emailJob(outboxId)]);

    const result = await consume(batch, { ...env, EMAIL: binding });

    expect(result.explicitAcks).toEqual([batch.messages[0]?.id]);
    expect(result.retryMessages).toEqual([]);
    expect(sent.map((m) => [m.from, m.to])).toEqual([[env.EMAIL_FROM, "ada@example.com"]]);
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", attempts: 1, last_error: null });
    expect((await outboxRow(outboxId))?.sent_at).toEqual(expect.any(Number));
  });

  it("acknowledges a duplicate job for a row already sent without sending again", async () => {
    const outboxId = await insertOutboxEmail();
    const { binding, sent } = countingEmailBinding();
    await consume(emailBatch([emailJob(outboxId)]), { ...env, EMAIL: binding });

    const duplicate = emailBatch([emailJob(outboxId), emailJob(outboxId)]);
    const result = await consume(duplicate, { ...env, EMAIL: binding });

    expect(result.explicitAcks).toEqual(duplicate.messages.map((m) => m.id));
    expect(sent).toHaveLength(1);
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("sends once when two batches carry the same job at the same time", async () => {
    const outboxId = await insertOutboxEmail();
    const { binding, sent } = countingEmailBinding();
    const batches = [emailBatch([emailJob(outboxId)]), emailBatch([emailJob(outboxId)])];

    const results = await Promise.all(batches.map((b) => consume(b, { ...env, EMAIL: binding })));

    expect(sent).toHaveLength(1);
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", attempts: 1 });
    // The loser either saw the row sent (ack) or lost the claim (retry later, then ack).
    const settled = results.flatMap((r) => [...r.explicitAcks, ...r.retryMessages.map((m) => m.msgId)]);
    expect(settled.sort()).toEqual(batches.map((b) => b.messages[0]?.id).sort());
  });

  it("acknowledges a job whose row does not exist (its insert lost to the dedupe key)", async () => {
    const batch = emailBatch([emailJob("eml_never_inserted")]);
    const result = await consume(batch);
    expect(result.explicitAcks).toEqual([batch.messages[0]?.id]);
  });

  it("retries a failed send with exponential backoff and records the error on the row", async () => {
    const outboxId = await insertOutboxEmail();
    const down = { ...env, EMAIL: unavailableEmailBinding("554 relay unavailable") };

    const delays: (number | undefined)[] = [];
    for (const attempts of [1, 2, 3, 4]) {
      const result = await consume(emailBatch([emailJob(outboxId)], attempts), down);
      expect(result.explicitAcks).toEqual([]);
      delays.push(...result.retryMessages.map((m) => m.delaySeconds));
    }

    expect(delays).toEqual([30, 60, 120, 240]);
    expect(await outboxRow(outboxId)).toMatchObject({
      status: "pending",
      attempts: 4,
      last_error: "554 relay unavailable",
    });
  });

  it("delivers on a later attempt once the provider recovers", async () => {
    const outboxId = await insertOutboxEmail();
    await consume(emailBatch([emailJob(outboxId)], 1), { ...env, EMAIL: unavailableEmailBinding() });
    const { binding, sent } = countingEmailBinding();

    const batch = emailBatch([emailJob(outboxId)], 2);
    const result = await consume(batch, { ...env, EMAIL: binding });

    expect(result.explicitAcks).toEqual([batch.messages[0]?.id]);
    expect(sent).toHaveLength(1);
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", attempts: 2, last_error: null });
  });

  it("dead-letters a body it cannot read instead of retrying it forever", async () => {
    const body = { v: 2, type: "deliver", outboxId: "eml_x" };
    const batch = emailBatch([body], 1);
    const result = await consume(batch);

    expect(result.explicitAcks).toEqual([batch.messages[0]?.id]);
    expect(result.retryMessages).toEqual([]);
    const row = await env.DB.prepare("SELECT queue, message_id, body, attempts FROM dead_letters WHERE message_id = ?")
      .bind(batch.messages[0]?.id)
      .first();
    expect(row).toEqual({
      queue: QUEUES.emailJobs,
      message_id: batch.messages[0]?.id,
      body: JSON.stringify(body),
      attempts: 1,
    });
  });

  it("retries every message when the provider is misconfigured, so nothing is lost", async () => {
    const outboxId = await insertOutboxEmail();
    const batch = emailBatch([emailJob(outboxId)], 3);
    const result = await consume(batch, { ...env, EMAIL_PROVIDER: "carrier-pigeon" });

    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: batch.messages[0]?.id, delaySeconds: 120 }]);
    expect(await outboxRow(outboxId)).toMatchObject({ status: "pending" });
  });
});
