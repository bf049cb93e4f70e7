import { and, eq, gte, inArray, lte } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type NightState, newestValue, resolveNight } from "../rules/night";
import { properties } from "../schema/properties";
import { propertyClosures } from "../schema/property-closures";
import { roomRateOverrides } from "../schema/room-rate-overrides";
import { roomTypes } from "../schema/room-types";

export type PropertyRow = typeof properties.$inferSelect;
export type RoomTypeRow = typeof roomTypes.$inferSelect;
export type OverrideRow = typeof roomRateOverrides.$inferSelect;
export type ClosureRow = typeof propertyClosures.$inferSelect;

/** Everything D1 says about some room types of one property over a range of nights, besides published counts. */
export interface NightFactsSet {
  property: PropertyRow;
  roomTypes: RoomTypeRow[];
  overrides: OverrideRow[];
  closures: ClosureRow[];
}

/**
 * One round trip: the property, the named room types that are its own (all of them when `roomTypeIds`
 * is null), and the overrides and closures that touch [from, to]. Null when there is no such property.
 */
export async function loadNightFacts(
  db: Database,
  propertyId: string,
  roomTypeIds: readonly string[] | null,
  from: string,
  to: string,
): Promise<NightFactsSet | null> {
  const mine = eq(roomTypes.propertyId, propertyId);
  const [found, rooms, overrides, closures] = await db.batch([
    db.select().from(properties).where(eq(properties.id, propertyId)).limit(1),
    db
      .select()
      .from(roomTypes)
      .where(roomTypeIds ? and(mine, inArray(roomTypes.id, [...roomTypeIds])) : mine)
      .orderBy(roomTypes.id),
    db
      .select({ override: roomRateOverrides })
      .from(roomRateOverrides)
      .innerJoin(roomTypes, eq(roomTypes.id, roomRateOverrides.roomTypeId))
      .where(and(mine, lte(roomRateOverrides.fromDate, to), gte(roomRateOverrides.toDate, from))),
    db
      .select()
      .from(propertyClosures)
      .where(
        and(
          eq(propertyClosures.propertyId, propertyId),
          lte(propertyClosures.fromDate, to),
          gte(propertyClosures.toDate, from),
        ),
      ),
  ]);
  const property = found[0];
  if (!property) return null;
  return { property, roomTypes: rooms, overrides: overrides.map((o) => o.override), closures };
}

/**
 * A room type's night from the rules, the operators' overrides and closures only: what the
 * inventory object materialises a pool from (it keeps its own counts, so nothing published is read).
 */
export function ruleNight(facts: NightFactsSet, roomType: RoomTypeRow, night: string): NightState {
  const covers = (r: { fromDate: string; toDate: string }) => r.fromDate <= night && r.toDate >= night;
  const overrides = facts.overrides.filter((o) => o.roomTypeId === roomType.id && covers(o));
  const closures = facts.closures.filter((c) => (c.roomTypeId === null || c.roomTypeId === roomType.id) && covers(c));
  return resolveNight(roomType, night, facts.property.currency, {
    published: null,
    overridePriceMinor: newestValue(overrides, (o) => o.priceMinor),
    overrideMinStay: newestValue(overrides, (o) => o.minStay),
    closed: closures.some((c) => c.kind === "closed"),
    noArrival: closures.some((c) => c.kind === "no_arrival"),
  });
}
