import { eq } from "drizzle-orm";
import type { InventorySource, PoolDefinition, SourceDeps } from "../../../inventory/contract";
import { addDays, localDate } from "../../../lib/time";
import { STAY_LIMITS } from "../config";
import { properties } from "../schema/properties";
import { cityScope } from "../search/keys";
import { checkStayHold } from "./check-hold";
import { poolDefinition } from "./definitions";
import { loadNightFacts } from "./nights";
import { parsePool } from "./pools";
import { publishRoomNights } from "./publish";
import { staysShortageDetail } from "./shortage";

export interface StaysInventoryOptions {
  /** Epoch ms; which nights exist yet (the horizon of loadPools). */
  now?: () => number;
  /** New invalidation versions for these cities; default: the object's `bumpScopes` with each city's scope. */
  bumpCities?: (cities: string[]) => Promise<unknown>;
}

/**
 * Stays as the engine sells them: the property is the unit (one object, one transaction for
 * every night of a stay), each room type on each night a pool `rt_…@YYYY-MM-DD`. A property has
 * up to a year of nights per room type, so nothing is loaded at first use: the object
 * materialises the nights a hold names (loadPools), from the same rules search reads.
 */
export function createStaysInventory(options: StaysInventoryOptions = {}): InventorySource {
  const now = options.now ?? Date.now;
  return {
    async load({ db }, propertyId) {
      const [property] = await db
        .select({ status: properties.status, currency: properties.currency })
        .from(properties)
        .where(eq(properties.id, propertyId))
        .limit(1);
      if (!property) return null;
      return {
        // A closed property is a cancelled unit: nothing new is held, and its sold stays are refunded.
        unit: {
          unitId: propertyId,
          product: "stays",
          status: property.status === "closed" ? "cancelled" : "open",
          closesAt: null,
          currency: property.currency,
        },
        pools: [],
      };
    },

    loadPools: (deps, propertyId, pools) => definePools(deps, propertyId, pools, now()),

    checkHold: (_unit, request, pools, at) => checkStayHold(request, pools, at),

    async publish({ db, bumpScopes }, propertyId, rows, at) {
      const defined = await definePools(
        { db },
        propertyId,
        rows.map((r) => r.pool),
        null,
      );
      const rule = new Map(defined.map((d) => [d.pool, d.priceMinor]));
      // The price goes to D1 only where it is not what search would compute from the same rules.
      const advisory = rows.map((r) => ({
        pool: r.pool,
        available: r.available,
        priceMinor: rule.get(r.pool) === r.priceMinor ? null : r.priceMinor,
      }));
      const bumpCities = options.bumpCities ?? (async (cities: string[]) => bumpScopes?.(cities.map(cityScope)));
      await publishRoomNights({ db, bumpCities }, propertyId, advisory, at);
    },

    codes: {
      unitNotFound: "PROPERTY_NOT_FOUND",
      unitCancelled: "PROPERTY_CLOSED",
      salesClosed: "DATE_IN_PAST",
      poolNotFound: "ROOM_TYPE_NOT_FOUND",
      insufficient: "INSUFFICIENT_ROOMS",
      invalidQuantity: "VALIDATION_FAILED",
    },
    nouns: { unit: "property", quantity: "rooms", closed: "is closed", cancelled: "closed" },
    shortageDetail: staysShortageDetail,
  };
}

/** The one instance every property's object runs (ProductModule.inventory). */
export const staysInventory: InventorySource = createStaysInventory();

/**
 * Definitions of the named pools that are nights of this property's room types. Names that are
 * no pool, another property's room type, or (when `now` is given) a night outside today − 1 …
 * today + 366 anywhere on Earth are left out: the engine answers ROOM_TYPE_NOT_FOUND, and a
 * client cannot make the object store nights nobody may book.
 */
export async function definePools(
  { db }: SourceDeps,
  propertyId: string,
  names: readonly string[],
  now: number | null,
): Promise<PoolDefinition[]> {
  const earliest = now === null ? "0000-00-00" : addDays(localDate(now, "Etc/GMT+12"), -1);
  const latest = now === null ? "9999-99-99" : addDays(localDate(now, "Etc/GMT-14"), STAY_LIMITS.maxDaysAhead + 1);
  const wanted = names.flatMap((name) => {
    const pool = parsePool(name);
    return pool && pool.night >= earliest && pool.night <= latest ? [pool] : [];
  });
  if (wanted.length === 0) return [];
  const nights = wanted.map((w) => w.night).sort();
  const roomTypeIds = [...new Set(wanted.map((w) => w.roomTypeId))];
  const facts = await loadNightFacts(db, propertyId, roomTypeIds, nights[0] as string, nights.at(-1) as string);
  if (!facts) return [];
  const byId = new Map(facts.roomTypes.map((rt) => [rt.id, rt]));
  return wanted.flatMap(({ roomTypeId, night }) => {
    const roomType = byId.get(roomTypeId);
    return roomType ? [poolDefinition(facts, roomType, night)] : [];
  });
}
