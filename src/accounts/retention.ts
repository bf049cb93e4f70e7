import { and, asc, eq, isNotNull, isNull, lt, notExists, notInArray, sql } from "drizzle-orm";
import { anonymiseBookingsStatements } from "../bookings/anonymise";
import { GUEST_RETENTION } from "../config";
import type { Database } from "../db/client";
import { accounts, bookingItems, bookings } from "../db/schema";
import type { Logger } from "../lib/logger";

const CHUNK = 50;

export interface RetentionDeps {
  db: Database;
  d1: D1Database;
  log: Logger;
}

/**
 * The nightly retention rule (docs/accounts.md): guest bookings are anonymised GUEST_RETENTION.days
 * after their last item ended (a booking still awaiting payment waits for the reconcile sweep).
 * Also the erasure's safety net: bookings of an erased account that its queued job has not reached
 * (a lost enqueue, a job in the dead-letter queue). Idempotent, since only bookings not yet
 * anonymised are selected; at most `limit` bookings per run, oldest first.
 */
export async function anonymiseExpiredPersonalData({
  deps,
  now,
  limit = GUEST_RETENTION.maxBookingsPerRun,
  days = GUEST_RETENTION.days,
}: {
  deps: RetentionDeps;
  /** Epoch ms. */
  now: number;
  limit?: number;
  days?: number;
}): Promise<{ guests: number; erased_accounts: number }> {
  const cutoff = Math.floor(now / 1000) - days * 86_400;
  const guests = await inChunks(deps, now, limit, (size) => expiredGuestBookings(deps.db, cutoff, size));
  const erased = await inChunks(deps, now, limit - guests, (size) => bookingsOfErasedAccounts(deps.db, size));
  if (guests + erased > 0) deps.log.info("personal_data_anonymised", { guests, erased_accounts: erased });
  return { guests, erased_accounts: erased };
}

async function inChunks(
  deps: RetentionDeps,
  now: number,
  limit: number,
  select: (size: number) => Promise<{ id: string }[]>,
): Promise<number> {
  let done = 0;
  while (done < limit) {
    const ids = (await select(Math.min(CHUNK, limit - done))).map((r) => r.id);
    if (ids.length === 0) break;
    await deps.d1.batch(anonymiseBookingsStatements(deps.d1, ids, now));
    done += ids.length;
    if (ids.length < CHUNK) break;
  }
  return done;
}

/**
 * Guest bookings made before the cutoff (the partial index bookings_guest_retention_idx holds only
 * guest bookings not yet anonymised) with no item ending after it. An item's end is its ends_at, or
 * its start for items without one (a departure).
 */
export function expiredGuestBookings(db: Database, cutoff: number, size: number) {
  return db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        isNull(bookings.accountId),
        isNull(bookings.personalDataErasedAt),
        lt(bookings.createdAt, cutoff),
        notInArray(bookings.status, ["pending_payment"]),
        notExists(
          db
            .select({ id: bookingItems.id })
            .from(bookingItems)
            .where(
              and(
                eq(bookingItems.bookingId, bookings.id),
                sql`COALESCE(${bookingItems.endsAt}, ${bookingItems.startsAt}) >= ${cutoff}`,
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(bookings.createdAt))
    .limit(size);
}

function bookingsOfErasedAccounts(db: Database, size: number) {
  return db
    .select({ id: bookings.id })
    .from(bookings)
    .innerJoin(accounts, eq(accounts.id, bookings.accountId))
    .where(and(isNotNull(accounts.erasedAt), isNull(bookings.personalDataErasedAt)))
    .limit(size);
}
