import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { accountTrips } from "../db/schema";
import { decodeCursorPayload, encodeCursorPayload } from "../lib/cursor";
import { err, ok, type Result } from "../lib/result";
import { nowSeconds } from "./tokens";

export const MY_TRIPS = {
  /**
   * How long a trip stays listed after it was created: longer than its coordinator answers for it
   * (held at most 10 minutes, then kept 7 days after it ends: TRIP_POLICY in src/trips/model.ts),
   * so a listed trip is never one the coordinator has forgotten, except at the very edge.
   */
  horizonSeconds: 8 * 86_400,
  /** Each trip on a page is read from its own coordinator object: one subrequest per trip. */
  maxLimit: 20,
} as const;

/** A trip created with a session belongs to its account. Idempotent: a retried create records it once. */
export async function recordAccountTrip(
  db: Database,
  input: { accountId: string; tripId: string; now: number },
): Promise<void> {
  await db
    .insert(accountTrips)
    .values({ tripId: input.tripId, accountId: input.accountId, createdAt: nowSeconds(input.now) })
    .onConflictDoNothing({ target: accountTrips.tripId });
}

export interface MyTripsDeps<T> {
  db: Database;
  /** Epoch ms. */
  now: number;
  /** The trip as its coordinator answers it now; null once forgotten (runtime-free: the route passes the stub). */
  read: (tripId: string) => Promise<T | null>;
}

/**
 * The account's trips, newest first, keyset-paged on (created_at, trip_id) by
 * account_trips_account_created_idx. Each is read from its coordinator, so the status is the
 * trip's own (held, booked, released, expired…), never a copy that could lag. A trip the
 * coordinator no longer knows is left out of the page.
 */
export async function listMyTrips<T>({
  deps,
  input,
}: {
  deps: MyTripsDeps<T>;
  input: { accountId: string; cursor?: string | undefined; limit: number };
}): Promise<Result<{ trips: T[]; nextCursor: string | null }>> {
  let after: { c: number; i: string } | null = null;
  if (input.cursor !== undefined) {
    after = decodeCursor(input.cursor);
    if (!after) return err("INVALID_CURSOR", "The cursor is not valid for this query; start again without it.");
  }
  const rows = await myTripsQuery(deps.db, {
    accountId: input.accountId,
    since: nowSeconds(deps.now) - MY_TRIPS.horizonSeconds,
    after,
    size: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  let trips: (T | null)[];
  try {
    trips = await Promise.all(page.map((row) => deps.read(row.tripId)));
  } catch {
    // A trip's coordinator did not answer: the list would be missing a trip, so none is shown.
    return err("ORIGIN_UNAVAILABLE", "Your trips cannot be read right now. Retry in a few seconds.");
  }
  const last = page.at(-1);
  return ok({
    trips: trips.filter((t): t is T => t !== null),
    nextCursor: rows.length > input.limit && last ? encodeCursorPayload({ c: last.createdAt, i: last.tripId }) : null,
  });
}

/** One page of the account's trip ids (exported for its query-plan test). */
export function myTripsQuery(
  db: Database,
  q: { accountId: string; since: number; after: { c: number; i: string } | null; size: number },
) {
  const conditions: (SQL | undefined)[] = [
    eq(accountTrips.accountId, q.accountId),
    gte(accountTrips.createdAt, q.since),
  ];
  if (q.after) {
    const { c, i } = q.after;
    conditions.push(or(lt(accountTrips.createdAt, c), and(eq(accountTrips.createdAt, c), lt(accountTrips.tripId, i))));
  }
  return db
    .select({ tripId: accountTrips.tripId, createdAt: accountTrips.createdAt })
    .from(accountTrips)
    .where(and(...conditions))
    .orderBy(desc(accountTrips.createdAt), desc(accountTrips.tripId))
    .limit(q.size);
}

function decodeCursor(cursor: string): { c: number; i: string } | null {
  const payload = decodeCursorPayload(cursor) as { c?: unknown; i?: unknown } | null;
  if (!payload || typeof payload !== "object") return null;
  const { c, i } = payload;
  if (!Number.isSafeInteger(c) || typeof i !== "string" || i.length > 64) return null;
  return { c: c as number, i };
}

/** Rows past the horizon (their trips are forgotten), for the nightly purge. */
export function purgeAccountTrips(db: Database, nowMs: number) {
  return db.delete(accountTrips).where(lt(accountTrips.createdAt, nowSeconds(nowMs) - MY_TRIPS.horizonSeconds));
}
