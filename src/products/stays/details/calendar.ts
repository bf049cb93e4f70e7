import { and, asc, between, eq, gte, isNull, lte, or } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { checkDateRange } from "../../../lib/date-range";
import { err, ok, type Result } from "../../../lib/result";
import { addDays, daysBetween, localDate } from "../../../lib/time";
import { STAY_LIMITS } from "../config";
import { type NightState, newestValue, resolveNight } from "../rules/night";
import { properties } from "../schema/properties";
import { propertyClosures } from "../schema/property-closures";
import { roomNightAvailability } from "../schema/room-night-availability";
import { roomRateOverrides } from "../schema/room-rate-overrides";
import { roomTypes } from "../schema/room-types";

export interface CalendarInput {
  propertyId: string;
  roomTypeId: string;
  /** First and last night, inclusive, in the property's calendar. */
  from: string;
  to: string;
}

export interface CalendarNight extends NightState {
  date: string;
}

export interface Calendar {
  property: Pick<typeof properties.$inferSelect, "id" | "currency" | "timezone" | "status">;
  roomType: Pick<typeof roomTypes.$inferSelect, "id" | "name" | "roomCount">;
  nights: CalendarNight[];
}

/**
 * A room type's nights over a date range (at most 62), as search sees them: rooms left
 * (advisory), price, closed, closed to arrival, minimum stay. One D1 round trip whatever the range.
 */
export async function roomTypeCalendar({
  deps,
  input,
}: {
  deps: { db: Database; now: () => number };
  input: CalendarInput;
}): Promise<Result<Calendar>> {
  const { from, to } = input;
  const range = checkDateRange(from, to, STAY_LIMITS.maxCalendarNights);
  if (!range.ok) return range;
  const loaded = await loadCalendarFacts(deps.db, input);
  if (!loaded.property) return err("PROPERTY_NOT_FOUND", `No property has the id '${input.propertyId}'.`);
  if (!loaded.roomType) {
    return err("ROOM_TYPE_NOT_FOUND", `Property ${input.propertyId} has no room type '${input.roomTypeId}'.`, {
      field: "room_type_id",
    });
  }
  const { property, roomType } = loaded;
  const today = localDate(deps.now(), property.timezone);
  if (daysBetween(today, from) < 0) {
    return err("DATE_IN_PAST", `${from} is before today (${today}) at the property.`, { field: "from" });
  }
  if (daysBetween(today, to) > STAY_LIMITS.maxDaysAhead) {
    return err("DATE_TOO_FAR", `Nights can be booked up to ${STAY_LIMITS.maxDaysAhead} days ahead; ${to} is further.`, {
      field: "to",
    });
  }
  const published = new Map(loaded.published.map((p) => [p.night, p]));
  const nights: CalendarNight[] = [];
  for (let i = 0; i < range.value; i++) {
    const date = addDays(from, i);
    const covering = <T extends { fromDate: string; toDate: string }>(rows: T[]) =>
      rows.filter((r) => r.fromDate <= date && r.toDate >= date);
    const overrides = covering(loaded.overrides);
    const closures = covering(loaded.closures);
    const row = published.get(date);
    const state = resolveNight(roomType, date, property.currency, {
      published: row ? { roomsLeft: row.roomsLeft, priceMinor: row.priceMinor } : null,
      overridePriceMinor: newestValue(overrides, (o) => o.priceMinor),
      overrideMinStay: newestValue(overrides, (o) => o.minStay),
      closed: property.status === "closed" || closures.some((c) => c.kind === "closed"),
      noArrival: closures.some((c) => c.kind === "no_arrival"),
    });
    nights.push({ date, ...state });
  }
  return ok({
    property: { id: property.id, currency: property.currency, timezone: property.timezone, status: property.status },
    roomType: { id: roomType.id, name: roomType.name, roomCount: roomType.roomCount },
    nights,
  });
}

async function loadCalendarFacts(db: Database, { propertyId, roomTypeId, from, to }: CalendarInput) {
  const [found, rooms, published, overrides, closures] = await db.batch([
    db.select().from(properties).where(eq(properties.id, propertyId)).limit(1),
    db
      .select()
      .from(roomTypes)
      .where(and(eq(roomTypes.id, roomTypeId), eq(roomTypes.propertyId, propertyId)))
      .limit(1),
    db
      .select()
      .from(roomNightAvailability)
      .where(and(eq(roomNightAvailability.roomTypeId, roomTypeId), between(roomNightAvailability.night, from, to))),
    db
      .select()
      .from(roomRateOverrides)
      .where(
        and(
          eq(roomRateOverrides.roomTypeId, roomTypeId),
          lte(roomRateOverrides.fromDate, to),
          gte(roomRateOverrides.toDate, from),
        ),
      ),
    db
      .select()
      .from(propertyClosures)
      .where(
        and(
          eq(propertyClosures.propertyId, propertyId),
          lte(propertyClosures.fromDate, to),
          gte(propertyClosures.toDate, from),
          or(isNull(propertyClosures.roomTypeId), eq(propertyClosures.roomTypeId, roomTypeId)),
        ),
      )
      .orderBy(asc(propertyClosures.fromDate)),
  ]);
  return { property: found[0], roomType: rooms[0], published, overrides, closures };
}
