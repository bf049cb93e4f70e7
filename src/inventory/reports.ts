import type { FareAvailability, InventoryAudit, StrandedBooking } from "./contract";
import { type CountsByCabin, invariantViolations, seatsLeft } from "./invariant";
import { replayLedger, sameCounts } from "./ledger";
import type { DepartureMeta, FareRow } from "./rows";
import type { InventoryStore } from "./store";

/** `available` is what a hold could get right now: nothing on a cancelled or departed departure. */
export function availability(store: InventoryStore, meta: DepartureMeta, now: number): FareAvailability[] {
  const open = meta.status !== "cancelled" && meta.departsAt > now;
  return store.fares().map((f) => ({
    cabin: f.cabin,
    capacity: f.capacity,
    held: f.held,
    sold: f.sold,
    available: open ? seatsLeft(f) : 0,
    priceMinor: f.priceMinor,
    currency: f.currency,
  }));
}

/** An object that has stored nothing yet answers from D1's fares: nothing held or sold there. */
export function unstoredAvailability(
  meta: DepartureMeta,
  fares: Omit<FareRow, "held" | "sold">[],
  now: number,
): FareAvailability[] {
  const open = meta.status !== "cancelled" && meta.departsAt > now;
  return fares.map((f) => ({ ...f, held: 0, sold: 0, available: open ? f.capacity : 0 }));
}

export function strandedBookings(store: InventoryStore, meta: DepartureMeta): StrandedBooking[] {
  if (meta.status !== "cancelled") return [];
  return store.holdsWithStatus("confirmed").map((h) => ({
    holdId: h.holdId,
    bookingId: h.bookingId ?? "",
    cabin: h.cabin,
    seats: h.seats,
    totalMinor: h.unitPriceMinor * h.seats,
    currency: h.currency,
  }));
}

const AUDIT_PAGE = 1000;

export function audit(store: InventoryStore): InventoryAudit {
  const counts: CountsByCabin = {};
  for (const f of store.fares()) counts[f.cabin] = { capacity: f.capacity, held: f.held, sold: f.sold };
  const entries = [];
  for (let after = 0; ; ) {
    const page = store.ledger(after, AUDIT_PAGE);
    entries.push(...page);
    const last = page.at(-1);
    if (!last || page.length < AUDIT_PAGE) break;
    after = last.seq;
  }
  const replayed = replayLedger(entries);
  const violations = invariantViolations(counts);
  if (!sameCounts(counts, replayed)) violations.push("the ledger does not replay to the stored counts");
  return { ok: violations.length === 0, counts, replayed, violations };
}
