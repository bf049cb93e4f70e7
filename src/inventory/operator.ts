import { err, ok, type Result } from "../lib/result";
import { type OperatorChanges, POOL_NAME, type PoolChange, type PoolDefinition, type UnitDefinition } from "./contract";
import type { BookSource, HoldBook } from "./hold-book";
import { unitCancelled } from "./policy";
import type { InventoryStore } from "./store";

const NO_DELTAS = { pool: null, holdId: null, bookingId: null, heldDelta: 0, soldDelta: 0, capacityDelta: 0 };

/** First use: the object copies its unit from D1 and from then on is the source of truth for its pools. */
export function initialise(store: InventoryStore, unit: UnitDefinition, pools: PoolDefinition[], now: number): void {
  store.insertUnit(unit, now);
  for (const p of pools) addPool(store, unit, p, now, "initialised", "loaded from D1");
  if (pools.length === 0) {
    store.append({ ...NO_DELTAS, at: now, kind: "initialised", reason: "loaded from D1: no pools" });
  }
}

/** A pool enters the object (first use, a lazily materialised night, an operator's upsert) with its capacity in the ledger. */
export function addPool(
  store: InventoryStore,
  unit: UnitDefinition,
  p: PoolDefinition,
  now: number,
  kind: "initialised" | "pool_added",
  why: string,
): void {
  store.insertPool(p);
  store.append({
    ...NO_DELTAS,
    at: now,
    kind,
    pool: p.pool,
    capacityDelta: p.capacity,
    reason: `${why}: ${p.capacity} at ${p.priceMinor} ${unit.currency}`,
  });
}

/**
 * One operator request as one step: each pool change is checked against the state the previous
 * ones left, and the caller runs the whole request inside one transaction, so the first refusal
 * rolls back every change before it. A hold lands before or after the request, never inside it.
 * Re-applying the same request writes nothing, so an admin retry is safe.
 */
export function applyOperatorChanges(
  store: InventoryStore,
  book: HoldBook,
  unit: UnitDefinition,
  source: BookSource,
  changes: OperatorChanges,
  now: number,
): Result<void> {
  const invalid = validate(changes);
  if (invalid) return err("VALIDATION_FAILED", invalid);
  const { codes, nouns } = source;
  if (unit.status === "cancelled" && (changes.pools?.length ?? 0) > 0) {
    // Nothing sells on a cancelled unit: changing its pools would only rewrite history.
    return unitCancelled(codes, nouns);
  }
  for (const change of changes.pools ?? []) {
    const applied = applyPoolChange(store, unit, source, change, changes.reason, now);
    if (!applied.ok) return applied;
  }
  if (changes.cancelUnit) cancelUnit(store, book, unit, changes.reason, now);
  return ok(undefined);
}

function applyPoolChange(
  store: InventoryStore,
  unit: UnitDefinition,
  { codes, nouns }: BookSource,
  change: PoolChange,
  why: string,
  now: number,
): Result<void> {
  let pool = store.pool(change.pool);
  const at = { ...NO_DELTAS, at: now, pool: change.pool };
  if (pool && change.definition && rulesDiffer(pool, change.definition)) {
    // The definition of a pool already here replaces its rules (a stay night's minimum stay, a
    // closure); capacity, price and sales window move only through their own fields below, since
    // the object, not D1, is their truth once it holds the pool.
    store.setRules(pool.pool, change.definition);
    store.append({
      ...at,
      kind: "rules_changed",
      reason: `${why} (label, limit, refund policy and attributes replaced)`,
    });
  } else if (!pool && change.definition) {
    addPool(store, unit, change.definition, now, "pool_added", why);
  }
  pool = store.pool(change.pool);
  if (!pool) return err(codes.poolNotFound, `This ${nouns.unit} does not sell ${change.pool}.`);
  if (change.capacity !== undefined && change.capacity !== pool.capacity) {
    const committed = pool.held + pool.sold;
    if (change.capacity < committed) {
      return err("CAPACITY_BELOW_COMMITTED", `${pool.pool} has ${committed} ${nouns.quantity} held or sold.`, {
        pool: pool.pool,
        committed,
        held: pool.held,
        sold: pool.sold,
      });
    }
    const capacityDelta = change.capacity - pool.capacity;
    const moved = store.applyDeltas(pool, { heldDelta: 0, soldDelta: 0, capacityDelta });
    if (!moved.ok) return moved;
    const reason = `${why} (capacity ${pool.capacity} → ${change.capacity})`;
    store.append({ ...at, kind: "capacity_changed", capacityDelta, reason });
  }
  if (change.priceMinor !== undefined && change.priceMinor !== pool.priceMinor) {
    store.setPrice(pool.pool, change.priceMinor);
    const reason = `${why} (price ${pool.priceMinor} → ${change.priceMinor} ${unit.currency})`;
    store.append({ ...at, kind: "price_changed", reason });
  }
  const openAt = change.salesOpenAt === undefined ? pool.salesOpenAt : change.salesOpenAt;
  const closeAt = change.salesCloseAt === undefined ? pool.salesCloseAt : change.salesCloseAt;
  if (openAt !== pool.salesOpenAt || closeAt !== pool.salesCloseAt) {
    store.setSalesWindow(pool.pool, openAt, closeAt);
    store.append({
      ...at,
      kind: "sales_window_changed",
      reason: `${why} (sales ${openAt ?? "-"} to ${closeAt ?? "-"})`,
    });
  }
  return ok(undefined);
}

const RULES = ["label", "maxPerHold", "refundPolicy", "attrs"] as const;

function rulesDiffer(pool: PoolDefinition, definition: PoolDefinition): boolean {
  return RULES.some((k) => JSON.stringify(pool[k]) !== JSON.stringify(definition[k]));
}

/**
 * Held units go back at once. Sold units stay sold: refunding is the bookings layer's job, and it
 * finds them through strandedHolds(); each one is also named in the ledger.
 */
function cancelUnit(store: InventoryStore, book: HoldBook, unit: UnitDefinition, reason: string, now: number): void {
  if (unit.status === "cancelled") return;
  for (const hold of store.holdsWithStatus("held")) {
    const moved = book.move(hold, "release", now, `unit cancelled: ${reason}`);
    if (!moved.ok) throw new Error(`Could not release ${hold.holdId}: ${moved.error.detail}`);
  }
  for (const hold of store.holdsWithStatus("confirmed")) {
    store.append({
      ...NO_DELTAS,
      at: now,
      kind: "unit_cancelled",
      holdId: hold.holdId,
      bookingId: hold.bookingId,
      reason: `sold units stranded: ${reason}`,
    });
  }
  store.setStatus("cancelled");
  unit.status = "cancelled";
  store.append({ ...NO_DELTAS, at: now, kind: "unit_cancelled", reason });
}

function validate(c: OperatorChanges): string | null {
  if (typeof c.reason !== "string" || c.reason.trim() === "") return "An operator change needs a reason.";
  const pools = c.pools ?? [];
  if (pools.length === 0 && !c.cancelUnit) return "Nothing to change: give pool changes or cancelUnit.";
  for (const p of pools) {
    const problem = validatePool(p);
    if (problem) return problem;
  }
  return null;
}

function validatePool(p: PoolChange): string | null {
  if (typeof p.pool !== "string" || !POOL_NAME.test(p.pool)) return "A pool change names its pool.";
  const wholeAtLeast0 = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 0);
  if (!wholeAtLeast0(p.capacity)) return "capacity must be a whole number, 0 or more.";
  if (!wholeAtLeast0(p.priceMinor)) return "priceMinor must be a whole number of minor units, 0 or more.";
  if (p.definition && p.definition.pool !== p.pool) return `The definition of ${p.pool} names another pool.`;
  const changes = [p.capacity, p.priceMinor, p.salesOpenAt, p.salesCloseAt, p.definition];
  if (changes.every((v) => v === undefined)) return `Nothing to change on ${p.pool}.`;
  return null;
}
