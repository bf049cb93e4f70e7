import { and, asc, eq, gt, inArray, lte } from "drizzle-orm";
import type { AppEnv } from "../../../env";
import { unitOfHold } from "../../../holds/hold-id";
import { inventoryStub } from "../../../inventory/stub";
import { isEventId } from "../id";
import { waitlistEntries, waitlistLines } from "../schema";
import type { WaitlistDeps } from "./deps";
import { offerReturnedTickets } from "./offers";

/** At most this many offers and lines per run: a run stays short; the next minute takes the rest. */
export const WAITLIST_CRON_BATCH = 50;

/**
 * An offer whose hold's time has passed ends: booked when the object confirmed its hold, expired
 * otherwise (its tickets, if they came back, were counted by the publish hook). A hold still held
 * (extended) is looked at again next run.
 */
export async function settleLapsedOffers(
  deps: Pick<WaitlistDeps, "db" | "now">,
  getHoldStatus: (holdId: string) => Promise<string | null>,
): Promise<{ booked: number; expired: number }> {
  const lapsed = await deps.db
    .select({ id: waitlistEntries.id, holdId: waitlistEntries.holdId })
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.status, "offered"), lte(waitlistEntries.offerExpiresAt, deps.now())))
    .orderBy(asc(waitlistEntries.offerExpiresAt))
    .limit(WAITLIST_CRON_BATCH);
  const counts = { booked: 0, expired: 0 };
  for (const offer of lapsed) {
    const status = offer.holdId ? await getHoldStatus(offer.holdId) : null;
    if (status === "held") continue;
    const next = status === "confirmed" ? "booked" : "expired";
    const ended = await deps.db
      .update(waitlistEntries)
      .set({ status: next, updatedAt: Math.floor(deps.now() / 1000) })
      .where(and(eq(waitlistEntries.id, offer.id), eq(waitlistEntries.status, "offered")))
      .returning({ id: waitlistEntries.id });
    if (ended.length > 0) counts[next]++;
  }
  return counts;
}

/** Offers what the publish hook recorded as returned, tier by tier, in the order of each line. */
export async function offerPendingReturns(deps: WaitlistDeps): Promise<{ lines: number; offered: number }> {
  const lines = await deps.db
    .select({ eventId: waitlistLines.eventId, tierId: waitlistLines.tierId })
    .from(waitlistLines)
    .where(gt(waitlistLines.pending, 0))
    .limit(WAITLIST_CRON_BATCH);
  let offered = 0;
  for (const line of lines) {
    const report = await offerReturnedTickets({ deps, input: { ...line, returned: 0 } });
    offered += report.offered.length;
  }
  return { lines: lines.length, offered };
}

/**
 * Offers at once what these tiers of one event have pending (an operator raised their capacity),
 * rather than at the next cron run; the cron remains the backstop. Tiers with nothing pending are
 * not touched (no line row is written for them).
 */
export async function offerPendingReturnsOf(
  deps: WaitlistDeps,
  input: { eventId: string; tierIds: string[] },
): Promise<{ offered: number }> {
  if (input.tierIds.length === 0) return { offered: 0 };
  const lines = await deps.db
    .select({ tierId: waitlistLines.tierId })
    .from(waitlistLines)
    .where(
      and(
        eq(waitlistLines.eventId, input.eventId),
        inArray(waitlistLines.tierId, input.tierIds),
        gt(waitlistLines.pending, 0),
      ),
    );
  let offered = 0;
  for (const line of lines) {
    const report = await offerReturnedTickets({
      deps,
      input: { eventId: input.eventId, tierId: line.tierId, returned: 0 },
    });
    offered += report.offered.length;
  }
  return { offered };
}

/** The object's word on a hold (null: no such hold), for settleLapsedOffers. */
export function holdStatusFromObject(env: Pick<AppEnv, "INVENTORY">) {
  return async (holdId: string): Promise<string | null> => {
    const unitId = unitOfHold(holdId, isEventId);
    return unitId ? ((await inventoryStub(env, unitId).getHold(holdId))?.status ?? null) : null;
  };
}
