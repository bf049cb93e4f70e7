import { and, eq } from "drizzle-orm";
import { SEARCH_LIMITS } from "../../config";
import type { InventorySource, PoolDefinition, RefundStep } from "../../inventory/contract";
import { err, ok } from "../../lib/result";
import { departures, fareClasses } from "./schema";
import { CABINS, type Cabin } from "./schema/cabins";

const isCabin = (pool: string): pool is Cabin => (CABINS as readonly string[]).includes(pool);

/** A fare class's pool is its cabin; what a traveller reads is the cabin capitalised ("Business"). */
export function cabinLabel(cabin: string): string {
  return cabin.charAt(0).toUpperCase() + cabin.slice(1);
}

/** Departures' rule today: everything back until the departure leaves, nothing after. */
export function departureRefundPolicy(departsAtMs: number): RefundStep[] {
  return [{ before: departsAtMs, refundBps: 10_000 }];
}

/**
 * Seats on a departure as the engine sells them: the departure is the unit (closing when it
 * leaves), each fare class a pool named by its cabin. Read once, when the object first wakes.
 */
export const departureInventory: InventorySource = {
  async load({ db }, departureId) {
    const [found, fares] = await db.batch([
      db
        .select({ status: departures.status, departsAt: departures.departsAt })
        .from(departures)
        .where(eq(departures.id, departureId))
        .limit(1),
      db
        .select({
          cabin: fareClasses.cabin,
          capacity: fareClasses.capacity,
          priceMinor: fareClasses.priceMinor,
          currency: fareClasses.currency,
        })
        .from(fareClasses)
        .where(eq(fareClasses.departureId, departureId))
        .orderBy(fareClasses.cabin),
    ]);
    const departure = found[0];
    if (!departure) return null;
    const departsAt = departure.departsAt * 1000;
    const pools: PoolDefinition[] = fares.map((f) => ({
      pool: f.cabin,
      capacity: f.capacity,
      priceMinor: f.priceMinor,
      label: cabinLabel(f.cabin),
      salesOpenAt: null,
      salesCloseAt: null,
      maxPerHold: null,
      refundPolicy: departureRefundPolicy(departsAt),
      attrs: {},
    }));
    return {
      unit: {
        unitId: departureId,
        product: "departures",
        status: departure.status === "cancelled" ? "cancelled" : "open",
        closesAt: departsAt,
        currency: fares[0]?.currency ?? "EUR",
      },
      pools,
    };
  },

  /** A booking seats at most SEARCH_LIMITS.maxPassengers travellers, over all its lines. */
  checkHold(_unit, request) {
    const seats = request.lines.reduce((sum, l) => sum + l.quantity, 0);
    return seats <= SEARCH_LIMITS.maxPassengers
      ? ok(undefined)
      : err("INVALID_PASSENGERS", `Cannot hold ${seats} seats.`);
  },

  /**
   * Copies the object's numbers to D1 for search. Advisory: search may show a seat that a hold then
   * refuses, never the reverse problem of selling one that is not there. Capacity and price are
   * copied too because, after initialisation, operator changes land in the object first.
   */
  async publish({ db }, departureId, rows, nowMs) {
    const updatedAt = Math.floor(nowMs / 1000);
    const [first, ...rest] = rows.flatMap((r) =>
      isCabin(r.pool)
        ? [
            db
              .update(fareClasses)
              .set({ seatsAvailable: r.available, capacity: r.capacity, priceMinor: r.priceMinor, updatedAt })
              .where(and(eq(fareClasses.departureId, departureId), eq(fareClasses.cabin, r.pool))),
          ]
        : [],
    );
    if (first) await db.batch([first, ...rest]);
  },

  codes: {
    unitNotFound: "DEPARTURE_NOT_FOUND",
    unitCancelled: "DEPARTURE_CANCELLED",
    salesClosed: "DEPARTURE_DEPARTED",
    poolNotFound: "FARE_CLASS_NOT_FOUND",
    insufficient: "INSUFFICIENT_SEATS",
    invalidQuantity: "INVALID_PASSENGERS",
  },
  nouns: { unit: "departure", quantity: "seats", closed: "has already left" },
};
