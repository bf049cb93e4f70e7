import type { Cabin } from "../db/schema";
import { err, ok, type Result } from "../lib/result";
import type { OperatorChange } from "./contract";
import type { DepartureMeta, FareRow } from "./rows";
import type { SeatBook } from "./seat-book";
import type { InventoryStore } from "./store";

/** First use: the object copies its departure from D1 and from then on is the source of truth for seats. */
export function initialise(
  store: InventoryStore,
  meta: DepartureMeta,
  fares: Omit<FareRow, "held" | "sold">[],
  now: number,
): void {
  store.insertMeta(meta, now);
  for (const f of fares) {
    store.insertFare(f);
    store.append({
      at: now,
      kind: "initialised",
      cabin: f.cabin,
      holdId: null,
      bookingId: null,
      heldDelta: 0,
      soldDelta: 0,
      capacityDelta: f.capacity,
      reason: `loaded from D1: ${f.capacity} seats at ${f.priceMinor} ${f.currency}`,
    });
  }
  if (fares.length === 0) {
    store.append({ ...NO_DELTAS, at: now, kind: "initialised", reason: "loaded from D1: no fare classes" });
  }
}

const NO_DELTAS = { cabin: null, holdId: null, bookingId: null, heldDelta: 0, soldDelta: 0, capacityDelta: 0 };

/**
 * Several changes as one: each is checked against the state the previous ones left, and the
 * caller runs the whole list inside one transaction, so the first refusal rolls back every change
 * before it. A hold can land before or after the list, never between two of its classes.
 */
export function applyOperatorChanges(
  store: InventoryStore,
  book: SeatBook,
  meta: DepartureMeta,
  changes: OperatorChange[],
  now: number,
): Result<void> {
  if (changes.length === 0) return err("VALIDATION_FAILED", "Nothing to change: the list of changes is empty.");
  for (const change of changes) {
    const applied = applyOperatorChange(store, book, meta, change, now);
    if (!applied.ok) return applied;
  }
  return ok(undefined);
}

/**
 * Capacity and price changes on one fare class, or cancelling the whole departure. Re-applying the
 * same change is a no-op (nothing is written), so an admin retry is safe.
 */
export function applyOperatorChange(
  store: InventoryStore,
  book: SeatBook,
  meta: DepartureMeta,
  change: OperatorChange,
  now: number,
): Result<void> {
  const invalid = validate(change);
  if (invalid) return err("VALIDATION_FAILED", invalid);
  if (change.cancelDeparture) return cancelDeparture(store, book, meta, change.reason, now);
  if (meta.status === "cancelled") return err("DEPARTURE_CANCELLED", "The departure is cancelled.");
  const cabin = change.cabin as Cabin;
  const fare = store.fare(cabin);
  if (!fare) return err("FARE_CLASS_NOT_FOUND", `This departure does not sell ${cabin}.`);
  if (change.capacity !== undefined && change.capacity !== fare.capacity) {
    const committed = fare.held + fare.sold;
    if (change.capacity < committed) {
      return err("CAPACITY_BELOW_COMMITTED", `${cabin} has ${committed} seats held or sold.`, {
        cabin,
        committed,
        held: fare.held,
        sold: fare.sold,
      });
    }
    const capacityDelta = change.capacity - fare.capacity;
    const moved = store.applySeatDeltas(cabin, { heldDelta: 0, soldDelta: 0, capacityDelta });
    if (!moved.ok) return moved;
    const reason = `${change.reason} (capacity ${fare.capacity} → ${change.capacity})`;
    store.append({ ...NO_DELTAS, at: now, kind: "capacity_changed", cabin, capacityDelta, reason });
  }
  if (change.priceMinor !== undefined && change.priceMinor !== fare.priceMinor) {
    store.setPrice(cabin, change.priceMinor);
    const reason = `${change.reason} (price ${fare.priceMinor} → ${change.priceMinor} ${fare.currency})`;
    store.append({ ...NO_DELTAS, at: now, kind: "price_changed", cabin, reason });
  }
  return ok(undefined);
}

/**
 * Held seats go back at once. Sold seats stay sold: refunding is the bookings layer's job, and it
 * finds them through strandedBookings(); each one is also named in the ledger.
 */
function cancelDeparture(
  store: InventoryStore,
  book: SeatBook,
  meta: DepartureMeta,
  reason: string,
  now: number,
): Result<void> {
  if (meta.status === "cancelled") return ok(undefined);
  for (const hold of store.holdsWithStatus("held")) {
    const moved = book.move(hold, "release", now, `departure cancelled: ${reason}`);
    if (!moved.ok) return moved;
  }
  for (const hold of store.holdsWithStatus("confirmed")) {
    store.append({
      ...NO_DELTAS,
      at: now,
      kind: "departure_cancelled",
      cabin: hold.cabin,
      holdId: hold.holdId,
      bookingId: hold.bookingId,
      reason: `sold seats stranded: ${reason}`,
    });
  }
  store.setStatus("cancelled");
  meta.status = "cancelled";
  store.append({ ...NO_DELTAS, at: now, kind: "departure_cancelled", reason });
  return ok(undefined);
}

function validate(c: OperatorChange): string | null {
  if (typeof c.reason !== "string" || c.reason.trim() === "") return "An operator change needs a reason.";
  const fareChange = c.capacity !== undefined || c.priceMinor !== undefined;
  if (c.cancelDeparture) return fareChange ? "Cancel the departure on its own, without fare changes." : null;
  if (!fareChange) return "Nothing to change: give capacity, priceMinor or cancelDeparture.";
  if (!c.cabin) return "Capacity and price changes name a cabin.";
  if (c.capacity !== undefined && !(Number.isInteger(c.capacity) && c.capacity >= 0)) {
    return "capacity must be a whole number, 0 or more.";
  }
  if (c.priceMinor !== undefined && !(Number.isInteger(c.priceMinor) && c.priceMinor >= 0)) {
    return "priceMinor must be a whole number of minor units, 0 or more.";
  }
  return null;
}
