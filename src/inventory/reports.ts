import type { InventoryAudit, PoolAvailability, PoolDefinition, StrandedHold, UnitDefinition } from "./contract";
import { type CountsByPool, invariantViolations, unitsLeft } from "./invariant";
import { replayLedger, sameCounts } from "./ledger";
import type { InventoryStore } from "./store";

/** `available` is what a hold could get right now: nothing on a cancelled or closed unit or pool. */
export function availability(
  unit: UnitDefinition,
  pools: readonly (PoolDefinition & { held: number; sold: number })[],
  now: number,
): PoolAvailability[] {
  const open = unit.status !== "cancelled" && (unit.closesAt === null || unit.closesAt > now);
  return pools.map((p) => {
    const selling = open && (p.salesCloseAt === null || p.salesCloseAt > now);
    return {
      pool: p.pool,
      label: p.label,
      capacity: p.capacity,
      held: p.held,
      sold: p.sold,
      available: selling ? unitsLeft(p) : 0,
      priceMinor: p.priceMinor,
      currency: unit.currency,
    };
  });
}

/** An object that has stored nothing yet answers from D1's pools: nothing held or sold there. */
export function unstoredAvailability(unit: UnitDefinition, pools: PoolDefinition[], now: number) {
  return availability(
    unit,
    pools.map((p) => ({ ...p, held: 0, sold: 0 })),
    now,
  );
}

export function strandedHolds(store: InventoryStore, unit: UnitDefinition): StrandedHold[] {
  if (unit.status !== "cancelled") return [];
  return store.holdsWithStatus("confirmed").map((h) => ({
    holdId: h.holdId,
    bookingId: h.bookingId ?? "",
    lines: h.lines,
    totalMinor: h.totalMinor,
    currency: h.currency,
  }));
}

const AUDIT_PAGE = 1000;

export function audit(store: InventoryStore): InventoryAudit {
  const counts: CountsByPool = {};
  for (const p of store.pools()) counts[p.pool] = { capacity: p.capacity, held: p.held, sold: p.sold };
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
