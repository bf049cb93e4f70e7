import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { deadLetters } from "../db/schema";
import { err, ok, type Result } from "../lib/result";
import type { WorkQueue } from "../queues";
import { decodeDeadLetterCursor, encodeDeadLetterCursor } from "./cursor";

export interface DeadLetterView {
  id: string;
  queue: string;
  messageId: string;
  /** The original message body, parsed back from JSON. */
  body: unknown;
  attempts: number;
  /** Epoch seconds. */
  createdAt: number;
  replayedAt: number | null;
}

export interface DeadLetterPage {
  items: DeadLetterView[];
  nextCursor: string | null;
}

/** Newest first, one page at a time; `queue` narrows to one work queue. */
export async function listDeadLetters({
  deps,
  input,
}: {
  deps: { db: Database };
  input: { queue?: WorkQueue; limit: number; cursor?: string };
}): Promise<Result<DeadLetterPage>> {
  const after = input.cursor ? decodeDeadLetterCursor(input.cursor) : null;
  if (input.cursor && !after) return err("INVALID_CURSOR", "The cursor is malformed; start again without it.");

  const conditions: SQL[] = [];
  if (input.queue) conditions.push(eq(deadLetters.queue, input.queue));
  if (after) {
    const older = or(
      lt(deadLetters.createdAt, after.createdAt),
      and(eq(deadLetters.createdAt, after.createdAt), lt(deadLetters.id, after.id)),
    );
    if (older) conditions.push(older);
  }
  // One extra row tells whether another page exists without a COUNT.
  const rows = await deps.db
    .select()
    .from(deadLetters)
    .where(and(...conditions))
    .orderBy(desc(deadLetters.createdAt), desc(deadLetters.id))
    .limit(input.limit + 1);

  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return ok({
    items: page.map((r) => ({ ...r, body: parseBody(r.body) })),
    nextCursor: rows.length > input.limit && last ? encodeDeadLetterCursor(last) : null,
  });
}

export function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
