import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { err, ok, type Result } from "../../../lib/result";
import { events } from "../schema";

export interface EventPatch {
  name?: string;
  description?: string;
}

/**
 * An operator's (or the event's organiser's) change to what an event says about itself. The
 * full-text index follows by trigger (events_fts_au); cached searches of the city are made
 * unreachable by the caller's `bumpCity`. Tiers, capacity and prices go through the inventory
 * engine, not here.
 */
export async function updateEvent({
  deps,
  input,
}: {
  deps: { db: Database; now: () => number; bumpCity: (cityCode: string) => Promise<unknown> };
  input: { id: string; patch: EventPatch };
}): Promise<Result<{ id: string; name: string; description: string; cityCode: string }>> {
  const [row] = await deps.db
    .update(events)
    .set({ ...input.patch, updatedAt: Math.floor(deps.now() / 1000) })
    .where(eq(events.id, input.id))
    .returning({ id: events.id, name: events.name, description: events.description, cityCode: events.cityCode });
  if (!row) return err("EVENT_NOT_FOUND", `No event has the id '${input.id}'.`);
  await deps.bumpCity(row.cityCode);
  return ok(row);
}
