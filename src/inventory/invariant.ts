import type { QuantityDeltas } from "./hold-rules";

export interface PoolCounts {
  capacity: number;
  held: number;
  sold: number;
}

export type CountsByPool = Record<string, PoolCounts>;

/** The one rule that makes overselling impossible: held + sold never exceeds capacity, per pool. */
export function checkInvariant(c: PoolCounts): boolean {
  return c.capacity >= 0 && c.held >= 0 && c.sold >= 0 && c.held + c.sold <= c.capacity;
}

export function applyDeltas(c: PoolCounts, d: QuantityDeltas): PoolCounts {
  return { capacity: c.capacity + d.capacityDelta, held: c.held + d.heldDelta, sold: c.sold + d.soldDelta };
}

export function unitsLeft(c: PoolCounts): number {
  return Math.max(0, c.capacity - c.held - c.sold);
}

/** Human-readable list of the pools that break the invariant; empty means all is well. */
export function invariantViolations(counts: CountsByPool): string[] {
  return Object.entries(counts)
    .filter(([, c]) => !checkInvariant(c))
    .map(([pool, c]) => `${pool}: capacity ${c.capacity}, held ${c.held}, sold ${c.sold}`);
}
