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

interface Row {
  request_hash: string;
  state: "in_flight" | "done";
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  created_at: number;
  expires_at: number;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export async function claimKey(db: D1, ref: KeyRef & { requestHash: string; now: number }): Promise<Claim> {
  const now = seconds(ref.now);
  // Two rounds at most: the second runs only after an expired record was removed.
  for (let round = 0; round < 2; round++) {
    const inserted = await db
      .prepare(
        `INSERT INTO idempotency_keys (scope, key, request_hash, state, created_at, expires_at)
         VALUES (?, ?, ?, 'in_flight', ?, ?) ON CONFLICT (scope, key) DO NOTHING`,
      )
      .bind(ref.scope, ref.key, ref.requestHash, now, now + IDEMPOTENCY_POLICY.retentionSeconds)
      .run();
    if (inserted.meta.changes === 1) return { kind: "claimed" };

    const row = await db
      .prepare("SELECT * FROM idempotency_keys WHERE scope = ? AND key = ?")
      .bind(ref.scope, ref.key)
      .first<Row>();
    if (!row || row.expires_at <= now) {
      await db
        .prepare("DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND expires_at <= ?")
        .bind(ref.scope, ref.key, now)
        .run();
      continue;
    }
    return classify(db, ref, row, now);
  }
  return { kind: "in_progress" };
}

async function classify(db: D1, ref: KeyRef & { requestHash: string }, row: Row, now: number): Promise<Claim> {
  if (row.request_hash !== ref.requestHash) return { kind: "mismatch" };
  if (row.state === "done") {
    return {
      kind: "replay",
      response: {
        status: row.response_status ?? 200,
        headers: JSON.parse(row.response_headers ?? "{}") as Record<string, string>,
        body: row.response_body ?? "",
      },
    };
  }
  if (row.created_at + IDEMPOTENCY_POLICY.abandonAfterSeconds > now) return { kind: "in_progress" };
  // Conditional on the old created_at: of two retries taking over the same abandoned claim, one wins.
  const taken = await db
    .prepare(
      `UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND key = ? AND state = 'in_flight' AND created_at = ?`,
    )
    .bind(now, ref.scope, ref.key, row.created_at)
    .run();
  return taken.meta.changes === 1 ? { kind: "claimed" } : { kind: "in_progress" };
}

export async function completeKey(db: D1, ref: KeyRef, response: StoredResponse): Promise<void> {
  await db
    .prepare(
      `UPDATE idempotency_keys SET state = 'done', response_status = ?, response_headers = ?, response_body = ?
       WHERE scope = ? AND key = ? AND state = 'in_flight'`,
    )
    .bind(response.status, JSON.stringify(response.headers), response.body, ref.scope, ref.key)
    .run();
}

/** Forgets an in-flight claim, so the client's retry runs the request again. */
export async function releaseKey(db: D1, ref: KeyRef): Promise<void> {
  await db
    .prepare("DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND state = 'in_flight'")
    .bind(ref.scope, ref.key)
    .run();
}

/** For the daily cleanup cron. `now` is epoch ms (clock.now()); returns how many records went. */
export async function purgeExpiredIdempotencyKeys(db: D1, now: number): Promise<number> {
  const result = await db.prepare("DELETE FROM idempotency_keys WHERE expires_at <= ?").bind(seconds(now)).run();
  return result.meta.changes;
}
