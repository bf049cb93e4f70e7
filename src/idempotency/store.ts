import { and, eq, lte } from "drizzle-orm";
import { createDb, type Database } from "../db/client";
import { idempotencyKeys } from "../db/schema";

/**
 * Idempotency records in D1. The claim is a single INSERT … ON CONFLICT DO NOTHING: D1 runs it
 * atomically, so of two identical requests racing, exactly one sees `changes = 1` and runs.
 */
export type D1 = D1Database | D1DatabaseSession;

export const IDEMPOTENCY_POLICY = {
  /** How long a finished response is replayed. */
  retentionSeconds: 24 * 3600,
  /** An in-flight claim older than this belongs to a request that died (isolate evicted, deploy):
   *  the next retry may take it over instead of waiting 24 h. Far above any request's run time. */
  abandonAfterSeconds: 60,
} as const;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Claim =
  | { kind: "claimed" }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

export interface KeyRef {
  scope: string;
  key: string;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

type Row = typeof idempotencyKeys.$inferSelect;

const keyIs = (ref: KeyRef) => and(eq(idempotencyKeys.scope, ref.scope), eq(idempotencyKeys.key, ref.key));

export async function claimKey(d1: D1, ref: KeyRef & { requestHash: string; now: number }): Promise<Claim> {
  const db = createDb(d1);
  const now = seconds(ref.now);
  // Two rounds at most: the second runs only after an expired record was removed.
  for (let round = 0; round < 2; round++) {
    const inserted = await db
      .insert(idempotencyKeys)
      .values({
        scope: ref.scope,
        key: ref.key,
        requestHash: ref.requestHash,
        state: "in_flight",
        createdAt: now,
        expiresAt: now + IDEMPOTENCY_POLICY.retentionSeconds,
      })
      .onConflictDoNothing({ target: [idempotencyKeys.scope, idempotencyKeys.key] })
      .run();
    if (inserted.meta.changes === 1) return { kind: "claimed" };

    const row = await db.select().from(idempotencyKeys).where(keyIs(ref)).get();
    if (!row || row.expiresAt <= now) {
      await db
        .delete(idempotencyKeys)
        .where(and(keyIs(ref), lte(idempotencyKeys.expiresAt, now)))
        .run();
      continue;
    }
    return classify(db, ref, row, now);
  }
  return { kind: "in_progress" };
}

async function classify(db: Database, ref: KeyRef & { requestHash: string }, row: Row, now: number): Promise<Claim> {
  if (row.requestHash !== ref.requestHash) return { kind: "mismatch" };
  if (row.state === "done") {
    return {
      kind: "replay",
      response: {
        status: row.responseStatus ?? 200,
        headers: JSON.parse(row.responseHeaders ?? "{}") as Record<string, string>,
        body: row.responseBody ?? "",
      },
    };
  }
  if (row.createdAt + IDEMPOTENCY_POLICY.abandonAfterSeconds > now) return { kind: "in_progress" };
  // Conditional on the old created_at: of two retries taking over the same abandoned claim, one wins.
  const taken = await db
    .update(idempotencyKeys)
    .set({ createdAt: now })
    .where(and(keyIs(ref), eq(idempotencyKeys.state, "in_flight"), eq(idempotencyKeys.createdAt, row.createdAt)))
    .run();
  return taken.meta.changes === 1 ? { kind: "claimed" } : { kind: "in_progress" };
}

export async function completeKey(d1: D1, ref: KeyRef, response: StoredResponse): Promise<void> {
  await createDb(d1)
    .update(idempotencyKeys)
    .set({
      state: "done",
      responseStatus: response.status,
      responseHeaders: JSON.stringify(response.headers),
      responseBody: response.body,
    })
    .where(and(keyIs(ref), eq(idempotencyKeys.state, "in_flight")))
    .run();
}

/** Forgets an in-flight claim, so the client's retry runs the request again. */
export async function releaseKey(d1: D1, ref: KeyRef): Promise<void> {
  await createDb(d1)
    .delete(idempotencyKeys)
    .where(and(keyIs(ref), eq(idempotencyKeys.state, "in_flight")))
    .run();
}

/** For the daily cleanup cron. `now` is epoch ms (clock.now()); returns how many records went. */
export async function purgeExpiredIdempotencyKeys(d1: D1, now: number): Promise<number> {
  const result = await createDb(d1)
    .delete(idempotencyKeys)
    .where(lte(idempotencyKeys.expiresAt, seconds(now)))
    .run();
  return result.meta.changes;
}
