import { asc, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { properties } from "../schema/properties";
import { roomTypes } from "../schema/room-types";

export type PropertyDetails = {
  property: typeof properties.$inferSelect;
  roomTypes: (typeof roomTypes.$inferSelect)[];
};

/** Shape of every property id the seed and operators create: prp_ and 1 to 60 URL-safe characters. */
export const PROPERTY_ID = /^prp_[A-Za-z0-9_-]{1,60}$/;

/** One property and its room types in one round trip; null when there is no such property. */
export async function loadProperty(db: Database, id: string): Promise<PropertyDetails | null> {
  const [found, rooms] = await db.batch([
    db.select().from(properties).where(eq(properties.id, id)).limit(1),
    db
      .select()
      .from(roomTypes)
      .where(eq(roomTypes.propertyId, id))
      .orderBy(asc(roomTypes.baseRateMinor), asc(roomTypes.id)),
  ]);
  const property = found[0];
  return property ? { property, roomTypes: rooms } : null;
}
