import { eq } from "drizzle-orm";
import { err, ok, type Result } from "../../../lib/result";
import { type EventDetails, loadEventDetails } from "../details";
import { events } from "../schema";
import type { EventOperatorDeps } from "./deps";

/**
 * Cancels an event: its object first (nothing new is held, holds are released, sold holds are
 * listed as stranded for the bookings layer to cancel and refund), then D1 (search drops it, the
 * details say cancelled) and the city's caches. Repeating it is harmless and finishes what a
 * failed attempt left (the object's cancellation is idempotent); the route then starts the
 * refunds and tells the waitlist.
 */
export async function cancelEvent({
  deps,
  input,
}: {
  deps: EventOperatorDeps;
  input: { eventId: string; reason: string };
}): Promise<Result<EventDetails>> {
  const current = await loadEventDetails(deps.db, input.eventId);
  if (!current) return err("EVENT_NOT_FOUND", `No event has the id '${input.eventId}'.`);
  const applied = await deps.applyOperatorChanges(input.eventId, { reason: input.reason, cancelUnit: true });
  if (!applied.ok) return applied;
  await deps.db
    .update(events)
    .set({ status: "cancelled", updatedAt: Math.floor(deps.now() / 1000) })
    .where(eq(events.id, input.eventId));
  await deps.bumpCities([current.event.cityCode]);
  const after = await loadEventDetails(deps.db, input.eventId);
  return after ? ok(after) : err("EVENT_NOT_FOUND", `No event has the id '${input.eventId}'.`);
}
