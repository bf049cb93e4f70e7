import { err, ok, type Result } from "../lib/result";
import { TRIP_POLICY, type TripItemRequest } from "./model";

/** What any trip must be before a coordinator is woken: 2..6 items, one per unit. */
export function checkTripItems(items: readonly TripItemRequest[]): Result<void> {
  const { minItems, maxItems } = TRIP_POLICY;
  if (items.length < minItems || items.length > maxItems) {
    return err("TRIP_ITEM_COUNT", `A trip has ${minItems} to ${maxItems} items; this one has ${items.length}.`, {
      min_items: minItems,
      max_items: maxItems,
    });
  }
  const seen = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const first = seen.get(item.unitId);
    // One hold per unit keeps a trip's items independent (one booking item each, released alone).
    if (first !== undefined) {
      return err(
        "TRIP_DUPLICATE_UNIT",
        `Items ${first} and ${index} are both on ${item.unitId}; a trip holds each departure, property or event once.`,
        { items: [first, index] },
      );
    }
    seen.set(item.unitId, index);
  }
  return ok(undefined);
}

/** The items as one string: the same request gives the same fingerprint (key order aside). */
export function tripFingerprint(items: readonly TripItemRequest[]): string {
  return JSON.stringify(
    items.map((i) => ({
      unitId: i.unitId,
      lines: i.lines.map((l) => ({ pool: l.pool, quantity: l.quantity })),
      context: Object.fromEntries(Object.entries(i.context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    })),
  );
}

/** Units in a fixed order: two trips over the same units both try them in this order (docs/trips.md). */
export const byUnitId = (a: { unitId: string }, b: { unitId: string }): number =>
  a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0;
