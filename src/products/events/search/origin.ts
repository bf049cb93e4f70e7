import { and, asc, eq, ne } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { events, ticketTiers, venues } from "../schema";
import type { CityDaySnapshot, SnapshotEvent } from "./snapshot";

/**
 * One city-day in one query: the (city_code, local_date) index is sought, venues and tiers are
 * reached by primary key. test/events/query-plan.test.ts proves SQLite never scans for it.
 */
export function cityDayQuery(db: Database, cityCode: string, date: string) {
  return db
    .select({
      id: events.id,
      name: events.name,
      category: events.category,
      performers: events.performers,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      timezone: events.timezone,
      currency: events.currency,
      salesOpenAt: events.salesOpenAt,
      salesCloseAt: events.salesCloseAt,
      popularity: events.popularity,
      venueId: venues.id,
      venueName: venues.name,
      venueKind: venues.kind,
      tierId: ticketTiers.tierId,
      tierName: ticketTiers.name,
      priceMinor: ticketTiers.priceMinor,
      remaining: ticketTiers.remaining,
      maxPerOrder: ticketTiers.maxPerOrder,
      tierOpenAt: ticketTiers.salesOpenAt,
      tierCloseAt: ticketTiers.salesCloseAt,
    })
    .from(events)
    .innerJoin(venues, eq(venues.id, events.venueId))
    .innerJoin(ticketTiers, eq(ticketTiers.eventId, events.id))
    .where(and(eq(events.cityCode, cityCode), eq(events.localDate, date), ne(events.status, "cancelled")))
    .orderBy(asc(events.startsAt), asc(events.id), asc(ticketTiers.position));
}

type Row = Awaited<ReturnType<typeof cityDayQuery>>[number];

export async function loadCityDay(db: Database, input: { cityCode: string; date: string }): Promise<CityDaySnapshot> {
  const rows = await cityDayQuery(db, input.cityCode, input.date);
  return { cityCode: input.cityCode, date: input.date, events: groupRows(rows) };
}

function groupRows(rows: Row[]): SnapshotEvent[] {
  const byId = new Map<string, SnapshotEvent>();
  for (const r of rows) {
    let event = byId.get(r.id);
    if (!event) {
      event = {
        id: r.id,
        name: r.name,
        category: r.category,
        performers: r.performers,
        venue: { id: r.venueId, name: r.venueName, kind: r.venueKind },
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        timezone: r.timezone,
        currency: r.currency,
        salesOpenAt: r.salesOpenAt,
        salesCloseAt: r.salesCloseAt,
        popularity: r.popularity,
        tiers: [],
      };
      byId.set(r.id, event);
    }
    event.tiers.push({
      id: r.tierId,
      name: r.tierName,
      priceMinor: r.priceMinor,
      remaining: r.remaining,
      maxPerOrder: r.maxPerOrder,
      salesOpenAt: r.tierOpenAt,
      salesCloseAt: r.tierCloseAt,
    });
  }
  return [...byId.values()];
}
