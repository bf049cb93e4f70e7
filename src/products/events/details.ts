import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { events, ticketTiers, venues } from "./schema";

export type EventRow = typeof events.$inferSelect;
export type VenueRow = typeof venues.$inferSelect;
export type TierRow = typeof ticketTiers.$inferSelect;

export interface EventDetails {
  event: EventRow;
  venue: VenueRow;
  tiers: TierRow[];
}

/**
 * An event with its venue and tiers: three statements, one D1 round trip. Cancelled events too.
 * Not a join: D1's batch answers rows as objects, so columns both tables have (id, name,
 * city_code…) would overwrite each other; the venue is found through a subquery instead.
 */
export async function loadEventDetails(db: Database, id: string): Promise<EventDetails | null> {
  const [found, venue, tiers] = await db.batch([
    db.select().from(events).where(eq(events.id, id)).limit(1),
    db
      .select()
      .from(venues)
      .where(inArray(venues.id, db.select({ id: events.venueId }).from(events).where(eq(events.id, id))))
      .limit(1),
    db.select().from(ticketTiers).where(eq(ticketTiers.eventId, id)).orderBy(asc(ticketTiers.position)),
  ]);
  const event = found[0];
  const place = venue[0];
  return event && place ? { event, venue: place, tiers } : null;
}
