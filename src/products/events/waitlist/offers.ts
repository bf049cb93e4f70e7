import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { randomId } from "../../../lib/ids";
import { loadEventDetails } from "../details";
import { waitlistEntries, waitlistLines } from "../schema";
import { OFFER_TTL_SECONDS, STALE_CLAIM_MS, type WaitlistDeps } from "./deps";
import { offerEmail } from "./emails";

type Entry = typeof waitlistEntries.$inferSelect;

export interface OfferReport {
  /** Entries that got a hold and an email, in the order of the line. */
  offered: { entryId: string; holdId: string; quantity: number }[];
  /** Why the loop stopped: nobody fits, or the object refused a hold (the tickets went elsewhere). */
  stopped: "no_one_fits" | "hold_refused" | "event_gone" | "queued";
}

/**
 * Claims the first entry in line that fits in `room` tickets: one conditional UPDATE (D1 runs each
 * statement alone), so two returns racing never claim the same entry. A claim older than
 * STALE_CLAIM_MS (its worker died between claim and offer) is claimable again, in its place.
 */
async function claimNext(deps: WaitlistDeps, eventId: string, tierId: string, room: number): Promise<Entry | null> {
  const { db } = deps;
  const nowS = Math.floor(deps.now() / 1000);
  const staleBefore = Math.floor((deps.now() - STALE_CLAIM_MS) / 1000);
  const claimable = or(
    eq(waitlistEntries.status, "waiting"),
    and(eq(waitlistEntries.status, "offering"), lt(waitlistEntries.updatedAt, staleBefore)),
  );
  const first = db
    .select({ seq: waitlistEntries.seq })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.eventId, eventId),
        eq(waitlistEntries.tierId, tierId),
        claimable,
        lte(waitlistEntries.quantity, room),
      ),
    )
    .orderBy(asc(waitlistEntries.seq))
    .limit(1);
  const [claimed] = await db
    .update(waitlistEntries)
    .set({ status: "offering", updatedAt: nowS })
    .where(and(inArray(waitlistEntries.seq, first), claimable))
    .returning();
  return claimed ?? null;
}

/**
 * Offers `room` tickets down the line, first come first offered. An offer is a hold placed for
 * the waitlister on the event's object (which alone decides, so nothing is ever oversold) and an
 * email. The entries offered never ask for more than `room` tickets in all; an entry asking for
 * more than is left keeps its place for the next return. When the object refuses (someone bought
 * the tickets first), the claimed entry is waiting again, in its place, and the loop stops.
 */
async function offerDown(deps: WaitlistDeps, eventId: string, tierId: string, room: number): Promise<OfferReport> {
  const offered: OfferReport["offered"] = [];
  let left = room;
  let details: Awaited<ReturnType<typeof loadEventDetails>> | undefined;
  while (left > 0) {
    const entry = await claimNext(deps, eventId, tierId, left);
    if (!entry) return { offered, stopped: "no_one_fits" };
    details ??= await loadEventDetails(deps.db, eventId);
    const tier = details?.tiers.find((t) => t.tierId === tierId);
    if (!details || !tier) {
      await backInLine(deps, entry);
      return { offered, stopped: "event_gone" };
    }
    const hold = await deps.placeHold({
      unitId: eventId,
      lines: [{ pool: tierId, quantity: entry.quantity }],
      ttlSeconds: OFFER_TTL_SECONDS,
      context: { waitlist_entry: entry.id },
    });
    if (!hold.ok) {
      // An order the tier can never take again (an operator lowered max_per_order or the
      // capacity) must not block the line forever: that entry ends, and the round goes on.
      if (hold.error.code === "ORDER_LIMIT_EXCEEDED") {
        await endEntry(deps, entry, "expired");
        continue;
      }
      await backInLine(deps, entry);
      return { offered, stopped: "hold_refused" };
    }
    const [made] = await deps.db
      .update(waitlistEntries)
      .set({
        status: "offered",
        holdId: hold.value.holdId,
        offerExpiresAt: hold.value.expiresAt,
        updatedAt: Math.floor(deps.now() / 1000),
      })
      .where(and(eq(waitlistEntries.id, entry.id), eq(waitlistEntries.status, "offering")))
      .returning();
    if (!made) {
      // The traveller left (or the event was cancelled) while the hold was being placed.
      await deps.releaseHold(hold.value.holdId, "waitlist entry ended before its offer");
      continue;
    }
    await deps.enqueueEmail(offerEmail(made, details.event, tier.name, hold.value));
    offered.push({ entryId: made.id, holdId: hold.value.holdId, quantity: made.quantity });
    left -= made.quantity;
  }
  return { offered, stopped: "no_one_fits" };
}

/** How long one return may hold a tier's offers before another may take over (a crashed worker). */
export const LINE_LEASE_MS = 30_000;

const lineOf = (eventId: string, tierId: string) =>
  and(eq(waitlistLines.eventId, eventId), eq(waitlistLines.tierId, tierId));

/**
 * `returned` tickets came back to a tier (a hold expired or was released, a booking was
 * cancelled, an offer lapsed). The count is added to the tier's pending tickets; then whoever
 * holds the tier's lease offers them, one offer after another, in the order of the line. Returns
 * that race therefore never reorder the line: one of them takes the lease and offers what all of
 * them reported, the others only add to `pending` (their report says "queued"). The holder lets
 * go only when nothing is pending, in the same conditional update, so no return is left unoffered.
 */
export async function offerReturnedTickets({
  deps,
  input,
}: {
  deps: WaitlistDeps;
  input: { eventId: string; tierId: string; returned: number };
}): Promise<OfferReport> {
  const { db } = deps;
  const { eventId, tierId } = input;
  const owner = randomId("lease", 16);
  await db
    .insert(waitlistLines)
    .values({ eventId, tierId, pending: input.returned })
    .onConflictDoUpdate({
      target: [waitlistLines.eventId, waitlistLines.tierId],
      set: { pending: sql`${waitlistLines.pending} + ${input.returned}` },
    });
  const report: OfferReport = { offered: [], stopped: "queued" };
  for (;;) {
    const now = deps.now();
    const [line] = await db
      .update(waitlistLines)
      .set({ leaseOwner: owner, leaseUntil: now + LINE_LEASE_MS })
      .where(
        and(
          lineOf(eventId, tierId),
          or(isNull(waitlistLines.leaseUntil), lt(waitlistLines.leaseUntil, now), eq(waitlistLines.leaseOwner, owner)),
        ),
      )
      .returning();
    // Another return holds the lease: it offers what this one added before it lets go.
    if (!line) return report;
    if (line.pending > 0) {
      const round = await offerDown(deps, eventId, tierId, line.pending);
      report.offered.push(...round.offered);
      report.stopped = round.stopped;
      // What this round covered is done, offered or not (refused: the tickets went elsewhere);
      // what other returns added meanwhile stays pending for the next round.
      await db
        .update(waitlistLines)
        .set({ pending: sql`max(0, ${waitlistLines.pending} - ${line.pending})` })
        .where(and(lineOf(eventId, tierId), eq(waitlistLines.leaseOwner, owner)));
    }
    const [released] = await db
      .update(waitlistLines)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(and(lineOf(eventId, tierId), eq(waitlistLines.leaseOwner, owner), eq(waitlistLines.pending, 0)))
      .returning();
    if (released) return report;
  }
}

async function endEntry(deps: WaitlistDeps, entry: Entry, status: "expired"): Promise<void> {
  await deps.db
    .update(waitlistEntries)
    .set({ status, updatedAt: Math.floor(deps.now() / 1000) })
    .where(and(eq(waitlistEntries.id, entry.id), eq(waitlistEntries.status, "offering")));
}

async function backInLine(deps: WaitlistDeps, entry: Entry): Promise<void> {
  await deps.db
    .update(waitlistEntries)
    .set({ status: "waiting", updatedAt: Math.floor(deps.now() / 1000) })
    .where(and(eq(waitlistEntries.id, entry.id), eq(waitlistEntries.status, "offering")));
}
