import { and, eq, inArray } from "drizzle-orm";
import { constantTimeEqual } from "../../../lib/constant-time";
import { err, ok, type Result } from "../../../lib/result";
import { loadEventDetails } from "../details";
import { waitlistEntries } from "../schema";
import type { WaitlistDeps } from "./deps";
import { eventCancelledEmail } from "./emails";
import { hashToken } from "./join";

const LIVE = ["waiting", "offering", "offered"] as const;

/**
 * Leaves the list (also declines an offer: its hold is released, and the engine's return hook
 * offers the tickets to the next in line). Needs the token given at joining; an unknown entry and
 * a wrong token answer the same 404, so entry ids cannot be probed.
 */
export async function leaveWaitlist({
  deps,
  input,
}: {
  deps: WaitlistDeps;
  input: { eventId: string; entryId: string; token: string };
}): Promise<Result<{ id: string; status: "left" }>> {
  const notFound = err("WAITLIST_ENTRY_NOT_FOUND", `No waitlist entry '${input.entryId}' with this token.`);
  const [entry] = await deps.db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.id, input.entryId), eq(waitlistEntries.eventId, input.eventId)))
    .limit(1);
  if (!entry || !(await constantTimeEqual(entry.leaveTokenHash, await hashToken(input.token)))) return notFound;
  const [left] = await deps.db
    .update(waitlistEntries)
    .set({ status: "left", updatedAt: Math.floor(deps.now() / 1000) })
    .where(and(eq(waitlistEntries.id, entry.id), inArray(waitlistEntries.status, LIVE)))
    .returning();
  // Leaving twice, or after the offer ended, changes nothing and answers the same.
  if (left?.holdId) await deps.releaseHold(left.holdId, "declined by the waitlister");
  return ok({ id: entry.id, status: "left" });
}

/**
 * The event is cancelled: every live entry ends and is told once (the conditional update returns
 * each entry to exactly one caller; the email's dedupe key covers a retry after a crash). Offers'
 * holds are released by the object's own cancellation.
 */
export async function closeWaitlistOfCancelledEvent({
  deps,
  input,
}: {
  deps: Pick<WaitlistDeps, "db" | "now" | "enqueueEmail">;
  input: { eventId: string };
}): Promise<{ told: number }> {
  const details = await loadEventDetails(deps.db, input.eventId);
  if (!details) return { told: 0 };
  const ended = await deps.db
    .update(waitlistEntries)
    .set({ status: "cancelled", updatedAt: Math.floor(deps.now() / 1000) })
    .where(and(eq(waitlistEntries.eventId, input.eventId), inArray(waitlistEntries.status, LIVE)))
    .returning();
  for (const entry of ended) await deps.enqueueEmail(eventCancelledEmail(entry, details.event));
  return { told: ended.length };
}
