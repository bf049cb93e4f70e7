import { createDb } from "../db/client";
import { deadLetters } from "../db/schema";
import { sha256Hex } from "../lib/encoding";
import type { WorkQueue } from "../queues";

export interface DeadLetterInput {
  /** The work queue the message was meant for: where a replay sends it back. */
  queue: WorkQueue;
  messageId: string;
  body: unknown;
  attempts: number;
  /** Epoch ms. */
  now: number;
}

/**
 * Stores one dead letter. The id is derived from (queue, message id), so a dead-letter queue
 * redelivering the same message records it once; a replayed message that dies again arrives
 * with a new message id and gets a new row.
 */
export async function recordDeadLetter(d1: D1Database, input: DeadLetterInput): Promise<string> {
  const id = await deadLetterId(input.queue, input.messageId);
  await createDb(d1)
    .insert(deadLetters)
    .values({
      id,
      queue: input.queue,
      messageId: input.messageId,
      body: serializeBody(input.body),
      attempts: input.attempts,
      createdAt: Math.floor(input.now / 1000),
    })
    .onConflictDoNothing({ target: deadLetters.id })
    .run();
  return id;
}

export async function deadLetterId(queue: string, messageId: string): Promise<string> {
  return `dlt_${(await sha256Hex(`${queue}\n${messageId}`)).slice(0, 24)}`;
}

/** Bodies are sent as JSON; anything JSON cannot hold is stored as its string form so it is still visible. */
function serializeBody(body: unknown): string {
  try {
    return JSON.stringify(body) ?? JSON.stringify(String(body));
  } catch {
    return JSON.stringify(String(body));
  }
}
