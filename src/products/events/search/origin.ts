import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { events, ticketTiers, venues } from "../schema";
import type { CityDaySnapshot, SnapshotEvent } from "./snapshot";

/**
 * Any days of one city in one query: the (city_code, local_date) index is sought once per day,
 * venues and tiers are reached by primary key. test/events/query-plan.test.ts proves SQLite never
 * scans for it. A search asks for at most 31 days, well under D1's 100 bound parameters.
 */
export function cityDaysQuery(db: Database, cityCode: string, dates: readonly string[]) {
  return db
    .select({
      localDate: events.localDate,
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
    .where(and(eq(events.cityCode, cityCode), inArray(events.localDate, [...dates]), ne(events.status, "cancelled")))
    .orderBy(asc(events.startsAt), asc(events.id), asc(ticketTiers.position));
}

type Row = Awaited<ReturnType<typeof cityDaysQuery>>[number];

/** The snapshots of these days of one city, in the order asked (a day without events is empty). */
export async function loadCityDays(
  db: Database,
  input: { cityCode: string; dates: readonly string[] },
): Promise<CityDaySnapshot[]> {
  const rows = input.dates.length === 0 ? [] : await cityDaysQuery(db, input.cityCode, input.dates);
  const byDay = new Map<string, Row[]>();
  for (const r of rows) {
    const day = byDay.get(r.localDate);
    if (day) day.push(r);
    else byDay.set(r.localDate, [r]);
  }
  return input.dates.map((date) => ({ cityCode: input.cityCode, date, events: groupRows(byDay.get(date) ?? []) }));
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
