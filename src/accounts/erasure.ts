import { and, eq, exists, gt, isNotNull, isNull, or, sql } from "drizzle-orm";
import { anonymiseBookingsStatements, ERASED_EMAIL, ERASED_NAME } from "../bookings/anonymise";
import type { Database } from "../db/client";
import {
  accounts,
  accountTrips,
  apiKeys,
  bookingItems,
  bookings,
  emailOutbox,
  inventoryOwners,
  magicLinks,
  passkeys,
  sessions,
  webauthnChallenges,
} from "../db/schema";
import type { Logger } from "../lib/logger";
import { err, ok, type Result } from "../lib/result";
import { prepareOutboxEmailQuery } from "../notifications/outbox";
import { nowSeconds } from "./tokens";

/**
 * The ACCOUNT_JOBS message, versioned. `notify` is the address the "it is done" email goes to: the
 * only copy left once the account's address is replaced, so it lives only in the message (never in
 * D1: a dead letter of this queue is recorded without it, src/dead-letters/consumer.ts). v1 bodies
 * (no address) are still read: their erasure runs, without the email.
 */
export interface EraseAccountJob {
  v: 2;
  kind: "erase_account";
  account_id: string;
  notify: string | null;
}

export const eraseAccountJob = (accountId: string, notify: string | null = null): EraseAccountJob => ({
  v: 2,
  kind: "erase_account",
  account_id: accountId,
  notify,
});

export function parseAccountJob(body: unknown): EraseAccountJob | null {
  const b = body as { v?: unknown; kind?: unknown; account_id?: unknown; notify?: unknown } | null;
  if (!b || typeof b !== "object" || (b.v !== 1 && b.v !== 2) || b.kind !== "erase_account") return null;
  if (typeof b.account_id !== "string" || !/^acc_[A-Za-z0-9_-]{1,40}$/.test(b.account_id)) return null;
  const notify = b.v === 2 && typeof b.notify === "string" && b.notify.length <= 254 ? b.notify : null;
  return eraseAccountJob(b.account_id, notify);
}

/** The tombstone that replaces an erased account's address: unique (the column is), undeliverable. */
export const tombstoneEmail = (accountId: string) => `${accountId}@erased.invalid`;

export interface ErasureDeps {
  db: Database;
  d1: D1Database;
  /** Epoch ms. */
  now: number;
  accountJobs: Queue;
  log: Logger;
}

/**
 * `DELETE /v1/me`. Refused while a booking is still to come (docs/accounts.md, "Erasure"): the
 * carrier, hotel or venue needs the travellers' names until then, and cancelling on the
 * traveller's behalf could forfeit money under a non-refundable policy they never chose to give up.
 * Otherwise, in one batch: every credential goes (sessions, keys, passkeys, links, challenges),
 * owned units return to the operators, the address becomes a tombstone (a later sign-in with it
 * makes a new, empty account) and the emails sent to it are blanked. The bookings, possibly many,
 * are anonymised by the ACCOUNT_JOBS consumer; the nightly retention task repairs a lost enqueue.
 */
export async function requestErasure({
  deps,
  input,
}: {
  deps: ErasureDeps;
  input: { accountId: string };
}): Promise<Result<{ accountId: string }>> {
  const { db } = deps;
  const account = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, input.accountId), isNull(accounts.erasedAt)))
    .get();
  if (!account) return err("ACCOUNT_NOT_FOUND", "The account was erased already.");
  const upcoming = await upcomingReferences(deps, input.accountId);
  if (upcoming.length > 0) {
    return err(
      "ACCOUNT_HAS_UPCOMING_BOOKINGS",
      "Bookings still to come need their travellers' names: cancel them, or ask again once they are over.",
      { references: upcoming },
    );
  }
  const id = input.accountId;
  const at = nowSeconds(deps.now);
  await db.batch([
    db.delete(sessions).where(eq(sessions.accountId, id)),
    db.delete(apiKeys).where(eq(apiKeys.accountId, id)),
    db.delete(passkeys).where(eq(passkeys.accountId, id)),
    db.delete(webauthnChallenges).where(eq(webauthnChallenges.accountId, id)),
    db.delete(magicLinks).where(or(eq(magicLinks.accountId, id), eq(magicLinks.email, account.email))),
    db.delete(inventoryOwners).where(eq(inventoryOwners.accountId, id)),
    db.delete(accountTrips).where(eq(accountTrips.accountId, id)),
    db
      .update(emailOutbox)
      .set({
        toAddress: ERASED_EMAIL,
        subject: ERASED_NAME,
        textBody: "",
        htmlBody: "",
        attachments: null,
        status: sql`CASE WHEN ${emailOutbox.status} = 'pending' THEN 'failed' ELSE ${emailOutbox.status} END`,
      })
      .where(eq(emailOutbox.toAddress, account.email)),
    db
      .update(accounts)
      .set({ email: tombstoneEmail(id), role: "traveller", erasedAt: at })
      .where(eq(accounts.id, id)),
  ]);
  try {
    await deps.accountJobs.send(eraseAccountJob(id, account.email), { contentType: "json" });
  } catch (error) {
    deps.log.warn("erasure_enqueue_failed", { account_id: id, error: String(error) });
  }
  deps.log.info("account_erasure_requested", { account_id: id });
  return ok({ accountId: id });
}

/** Pending payment, or confirmed with an active item that has not ended yet. */
async function upcomingReferences(deps: Pick<ErasureDeps, "db" | "now">, accountId: string): Promise<string[]> {
  const rows = await deps.db
    .select({ reference: bookings.reference })
    .from(bookings)
    .where(
      and(
        eq(bookings.accountId, accountId),
        or(
          eq(bookings.status, "pending_payment"),
          and(
            eq(bookings.status, "confirmed"),
            exists(
              deps.db
                .select({ id: bookingItems.id })
                .from(bookingItems)
                .where(
                  and(
                    eq(bookingItems.bookingId, bookings.id),
                    eq(bookingItems.status, "active"),
                    gt(sql`COALESCE(${bookingItems.endsAt}, ${bookingItems.startsAt})`, nowSeconds(deps.now)),
                  ),
                ),
            ),
          ),
        ),
      ),
    )
    .limit(20);
  return rows.map((r) => r.reference).sort();
}

const CHUNK = 50;
const MAX_CHUNKS = 40;

/**
 * The ACCOUNT_JOBS work: anonymise the erased account's bookings, 50 per D1 batch. Only for an
 * account that is erased (a stray or replayed message for a live account changes nothing), only
 * bookings not yet anonymised, so a retry picks up where a failed run stopped. `more`: the run
 * stopped at its limit and the consumer sends the job again.
 */
export async function eraseAccountBookings({
  deps,
  input,
}: {
  deps: Pick<ErasureDeps, "db" | "d1" | "now">;
  input: { accountId: string };
}): Promise<{ erased: boolean; anonymised: number; more: boolean }> {
  const erased = await deps.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, input.accountId), isNotNull(accounts.erasedAt)))
    .get();
  if (!erased) return { erased: false, anonymised: 0, more: false };
  let anonymised = 0;
  for (let chunk = 0; chunk < MAX_CHUNKS; chunk++) {
    const ids = await deps.db
      .select({ id: bookings.id })
      .from(bookings)
      .where(and(eq(bookings.accountId, input.accountId), isNull(bookings.personalDataErasedAt)))
      .limit(CHUNK);
    if (ids.length === 0) return { erased: true, anonymised, more: false };
    await deps.d1.batch(
      anonymiseBookingsStatements(
        deps.d1,
        ids.map((r) => r.id),
        deps.now,
      ),
    );
    anonymised += ids.length;
  }
  return { erased: true, anonymised, more: true };
}

/**
 * Tells the traveller their erasure is done, once the job found nothing left to anonymise. The
 * outbox row is deduplicated per account (a redelivered job writes nothing) and its address is
 * replaced by a tombstone as soon as delivery is settled (src/notifications/deliver.ts), so no
 * row keeps it. Returns the outbox id to enqueue.
 */
export async function queueErasureDoneEmail({
  deps,
  input,
}: {
  deps: Pick<ErasureDeps, "db" | "now">;
  input: { accountId: string; to: string };
}): Promise<string> {
  const email = prepareOutboxEmailQuery(deps.db, {
    bookingId: null,
    to: input.to,
    template: { kind: "account_erased", data: { erasedAt: deps.now } },
    dedupeKey: `account-erased:${input.accountId}`,
    now: deps.now,
  });
  await email.query;
  return email.outboxId;
}
