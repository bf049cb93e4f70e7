import { and, eq, inArray, sql } from "drizzle-orm";
import { chunked } from "../../../db/bulk-insert-d1";
import type { Database } from "../../../db/client";
import { properties } from "../schema/properties";
import { roomNightAvailability } from "../schema/room-night-availability";
import { roomTypes } from "../schema/room-types";
import { parsePool } from "./pools";

/** What the property's inventory object says about one of its pools after a change. */
export interface PoolAvailability {
  pool: string;
  available: number;
  /** The object's price; written only when it differs from what search would compute (an operator change it applied). */
  priceMinor: number | null;
}

export interface PublishDeps {
  db: Database;
  /** New invalidation versions for these cities (ScopeVersions.bump with cityScope). */
  bumpCities: (cities: string[]) => Promise<unknown>;
}

/**
 * Copies the object's advisory numbers into room_night_availability for search (one row per
 * room type and night it has touched; the table stays sparse). Search's cached city-nights follow
 * within max_stale_s like departures' seat counts, except when a night sells out or reopens: that
 * changes which room types a one-room search offers, so the city's version moves and cached
 * answers stop being served at once here and within the version bound elsewhere.
 */
export async function publishRoomNights(
  deps: PublishDeps,
  propertyId: string,
  rows: readonly PoolAvailability[],
  nowMs: number,
): Promise<{ written: number; bumped: boolean }> {
  const parsed = rows.flatMap((r) => {
    const pool = parsePool(r.pool);
    return pool ? [{ ...pool, roomsLeft: Math.max(0, r.available), priceMinor: r.priceMinor }] : [];
  });
  if (parsed.length === 0) return { written: 0, bumped: false };
  const { db } = deps;
  const nights = [...new Set(parsed.map((p) => p.night))];
  // D1 binds at most 100 parameters per statement: the previous rows are read 80 nights at a time.
  const [owned, ...before] = await db.batch([
    db
      .select({ id: roomTypes.id, roomCount: roomTypes.roomCount, city: properties.cityCode })
      .from(roomTypes)
      .innerJoin(properties, eq(properties.id, roomTypes.propertyId))
      .where(eq(roomTypes.propertyId, propertyId)),
    ...chunked(nights, 80).map((part) =>
      db
        .select({
          roomTypeId: roomNightAvailability.roomTypeId,
          night: roomNightAvailability.night,
          roomsLeft: roomNightAvailability.roomsLeft,
        })
        .from(roomNightAvailability)
        .innerJoin(roomTypes, eq(roomTypes.id, roomNightAvailability.roomTypeId))
        .where(and(eq(roomTypes.propertyId, propertyId), inArray(roomNightAvailability.night, part))),
    ),
  ]);
  const roomType = new Map(owned.map((o) => [o.id, o]));
  const previous = new Map(before.flat().map((b) => [`${b.roomTypeId}|${b.night}`, b.roomsLeft]));
  // A pool of another property's room type is ignored: an object publishes only its own unit.
  const mine = parsed.filter((p) => roomType.has(p.roomTypeId));
  const updatedAt = Math.floor(nowMs / 1000);
  // One statement per 20 rows (5 bound values each: D1's limit is 100 per statement), not one per
  // night: a busy property publishes a few dozen nights at a time, and each statement costs D1 a
  // round of its own work.
  const [first, ...rest] = chunked(mine, 20).map((part) =>
    db
      .insert(roomNightAvailability)
      .values(
        part.map((p) => ({
          roomTypeId: p.roomTypeId,
          night: p.night,
          roomsLeft: p.roomsLeft,
          priceMinor: p.priceMinor,
          updatedAt,
        })),
      )
      .onConflictDoUpdate({
        target: [roomNightAvailability.roomTypeId, roomNightAvailability.night],
        set: {
          roomsLeft: sql`excluded.rooms_left`,
          priceMinor: sql`excluded.price_minor`,
          updatedAt: sql`excluded.updated_at`,
        },
      }),
  );
  if (!first) return { written: 0, bumped: false };
  await db.batch([first, ...rest]);
  const crossed = mine.filter((p) => {
    const was = previous.get(`${p.roomTypeId}|${p.night}`) ?? roomType.get(p.roomTypeId)?.roomCount ?? 0;
    return (was === 0) !== (p.roomsLeft === 0);
  });
  const cities = [...new Set(crossed.map((p) => roomType.get(p.roomTypeId)?.city ?? ""))].filter(Boolean);
  if (cities.length > 0) await deps.bumpCities(cities);
  return { written: mine.length, bumped: cities.length > 0 };
}
