import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { deadLetters } from "../db/schema";
import type { Logger } from "../lib/logger";
import { err, ok, type Result } from "../lib/result";
import { isWorkQueue, type WorkQueue } from "../queues";
import { parseBody } from "./list";

export interface ReplayDeps {
  db: Database;
  /** The producer binding for a work queue. */
  producer: (queue: WorkQueue) => Queue;
  log: Logger;
}

/**
 * Sends a dead letter's original body back to its original queue, once. The row is claimed
 * (replayed_at set only if still null) before sending, so two operators replaying at the same
 * moment cannot both send it; if the send fails the claim is released and the replay can be
 * tried again. Consumers are idempotent, so a replayed job for work already done is a no-op.
 */
export async function replayDeadLetter({
  deps,
  input,
}: {
  deps: ReplayDeps;
  input: { id: string; now: number };
}): Promise<Result<{ id: string; queue: WorkQueue; replayedAt: number }>> {
  const replayedAt = Math.floor(input.now / 1000);
  const claimed = await deps.db
    .update(deadLetters)
    .set({ replayedAt })
    .where(and(eq(deadLetters.id, input.id), isNull(deadLetters.replayedAt)))
    .returning();
  const row = claimed[0];
  if (!row) {
    const existing = await deps.db.query.deadLetters.findFirst({ where: eq(deadLetters.id, input.id) });
    if (!existing) return err("DEAD_LETTER_NOT_FOUND", `No dead letter has the id ${input.id}.`);
    return err("DEAD_LETTER_ALREADY_REPLAYED", `Dead letter ${input.id} was already replayed.`, {
      replayed_at: new Date((existing.replayedAt ?? 0) * 1000).toISOString(),
    });
  }
  if (!isWorkQueue(row.queue)) {
    await release(deps.db, row.id, replayedAt);
    return err(
      "CONFLICT",
      `Dead letter ${row.id} belongs to queue "${row.queue}", which this deployment does not have.`,
    );
  }
  try {
    await deps.producer(row.queue).send(parseBody(row.body), { contentType: "json" });
  } catch (error) {
    await release(deps.db, row.id, replayedAt);
    deps.log.error("dead_letter_replay_failed", { id: row.id, queue: row.queue, error: String(error) });
    return err("QUEUE_UNAVAILABLE", "The queue did not accept the message; nothing was replayed. Try again.");
  }
  deps.log.info("dead_letter_replayed", { id: row.id, queue: row.queue, message_id: row.messageId });
  return ok({ id: row.id, queue: row.queue, replayedAt });
}

async function release(db: Database, id: string, replayedAt: number): Promise<void> {
  await db
    .update(deadLetters)
    .set({ replayedAt: null })
    .where(and(eq(deadLetters.id, id), eq(deadLetters.replayedAt, replayedAt)));
}
