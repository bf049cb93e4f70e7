import { and, count, eq, inArray, lte } from "drizzle-orm";
import { sha256, toHex } from "../../../lib/encoding";
import { randomId } from "../../../lib/ids";
import { err, ok, type Result } from "../../../lib/result";
import { loadEventDetails } from "../details";
import { poolOf } from "../inventory";
import { waitlistEntries } from "../schema";
import { type WaitlistDeps, waitlistLimit } from "./deps";
import { joinedEmail } from "./emails";

export interface JoinInput {
  eventId: string;
  tierId: string;
  quantity: number;
  email: string;
  name: string;
}

export interface WaitlistPlace {
  id: string;
  eventId: string;
  tierId: string;
  quantity: number;
  status: string;
  /** 1 = first in line (among those still waiting). */
  position: number;
  /** False when this traveller was on this tier's list already (a repeat join answers the same entry). */
  created: boolean;
  /** Only on creation: the secret to leave the list (also sent by email). */
  leaveToken?: string;
}

const LIVE = ["waiting", "offering", "offered"] as const;

export const hashToken = async (token: string) => toHex(await sha256(token));

/**
 * Joins a tier's waitlist. Only when the tier cannot sell the quantity now (the object's
 * availability, not D1's advisory count): otherwise TIER_NOT_SOLD_OUT, hold them instead. One
 * live place per address and tier: a repeat join answers the first (a partial unique index).
 */
export async function joinWaitlist({
  deps,
  input,
  attempt = 1,
}: {
  deps: WaitlistDeps;
  input: JoinInput;
  attempt?: number;
}): Promise<Result<WaitlistPlace>> {
  const details = await loadEventDetails(deps.db, input.eventId);
  if (!details) return err("EVENT_NOT_FOUND", `No event has the id '${input.eventId}'.`);
  if (details.event.status === "cancelled") return err("EVENT_CANCELLED", "The event is cancelled.");
  const tier = details.tiers.find((t) => t.tierId === input.tierId);
  if (!tier) return err("TIER_NOT_FOUND", `The event has no tier '${input.tierId}'.`);
  if (input.quantity > tier.maxPerOrder) {
    return err("ORDER_LIMIT_EXCEEDED", `At most ${tier.maxPerOrder} tickets of this tier per order.`, {
      max_per_order: tier.maxPerOrder,
    });
  }
  const pool = poolOf(details.event, tier);
  if (pool.salesOpenAt !== null && deps.now() < pool.salesOpenAt) {
    return err("SALES_NOT_OPEN", "Sales of this tier have not opened: its waitlist opens once it sells out.", {
      opens_at: new Date(pool.salesOpenAt).toISOString(),
    });
  }
  if (pool.salesCloseAt !== null && deps.now() >= pool.salesCloseAt) {
    return err("SALES_CLOSED", "Sales of this tier are closed: no ticket can come back to the waitlist.");
  }
  const available = (await deps.availability(input.eventId))?.find((p) => p.pool === input.tierId)?.available;
  if (available !== undefined && available >= input.quantity) {
    return err("TIER_NOT_SOLD_OUT", `${available} tickets of this tier are on sale: hold them instead.`, {
      available,
    });
  }

  const email = input.email.trim().toLowerCase();
  const full = await isFull(deps, input, email, waitlistLimit(tier.capacity));
  if (full) return err("WAITLIST_FULL", `This tier's waitlist holds ${full} places, all taken.`, { limit: full });
  const id = randomId("wle", 22);
  const leaveToken = randomId("wlt", 32);
  const nowS = Math.floor(deps.now() / 1000);
  const inserted = await deps.db
    .insert(waitlistEntries)
    .values({
      id,
      eventId: input.eventId,
      tierId: input.tierId,
      quantity: input.quantity,
      email,
      name: input.name.trim(),
      leaveTokenHash: await hashToken(leaveToken),
      createdAt: nowS,
      updatedAt: nowS,
    })
    .onConflictDoNothing()
    .returning();
  const created = inserted[0];
  if (created) {
    await deps.enqueueEmail(joinedEmail(created, details.event, tier.name, leaveToken));
    return ok({ ...(await placeOf(deps, created)), created: true, leaveToken });
  }
  const existing = await liveEntryOf(deps, input, email);
  // The live row that refused the insert ended in between (booked, left): join again, once.
  if (!existing) {
    if (attempt > 1) return err("CONFLICT", "This place on the waitlist changed meanwhile; try again.");
    return joinWaitlist({ deps, input, attempt: attempt + 1 });
  }
  return ok({ ...(await placeOf(deps, existing)), created: false });
}

export async function placeOf(
  deps: Pick<WaitlistDeps, "db">,
  e: typeof waitlistEntries.$inferSelect,
): Promise<Omit<WaitlistPlace, "created">> {
  const [ahead] = await deps.db
    .select({ n: count() })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.eventId, e.eventId),
        eq(waitlistEntries.tierId, e.tierId),
        inArray(waitlistEntries.status, ["waiting", "offering"]),
        lte(waitlistEntries.seq, e.seq),
      ),
    );
  return {
    id: e.id,
    eventId: e.eventId,
    tierId: e.tierId,
    quantity: e.quantity,
    status: e.status,
    position: e.status === "waiting" || e.status === "offering" ? (ahead?.n ?? 1) : 0,
  };
}

/** The limit when the list is full and this address is not on it already (a repeat join still answers its place). */
async function isFull(deps: WaitlistDeps, input: JoinInput, email: string, limit: number): Promise<number | null> {
  const [live] = await deps.db
    .select({ n: count() })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.eventId, input.eventId),
        eq(waitlistEntries.tierId, input.tierId),
        inArray(waitlistEntries.status, LIVE),
      ),
    );
  if ((live?.n ?? 0) < limit) return null;
  return (await liveEntryOf(deps, input, email)) ? null : limit;
}

/** This address's live place on the tier's list, if it has one (at most one: a partial unique index). */
async function liveEntryOf(deps: Pick<WaitlistDeps, "db">, input: JoinInput, email: string) {
  const [entry] = await deps.db
    .select()
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.eventId, input.eventId),
        eq(waitlistEntries.tierId, input.tierId),
        eq(waitlistEntries.email, email),
        inArray(waitlistEntries.status, LIVE),
      ),
    )
    .limit(1);
  return entry;
}
