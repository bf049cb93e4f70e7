import type { Cabin } from "../db/schema";
import type { SeatDeltas } from "./hold-rules";

export interface SeatCounts {
  capacity: number;
  held: number;
  sold: number;
}

export type CountsByCabin = Partial<Record<Cabin, SeatCounts>>;

/** The one rule that makes overselling impossible: held + sold never exceeds capacity. */
export function checkInvariant(c: SeatCounts): boolean {
  return c.capacity >= 0 && c.held >= 0 && c.sold >= 0 && c.held + c.sold <= c.capacity;
}

export function applyDeltas(c: SeatCounts, d: SeatDeltas): SeatCounts {
  return { capacity: c.capacity + d.capacityDelta, held: c.held + d.heldDelta, sold: c.sold + d.soldDelta };
}

export function seatsLeft(c: SeatCounts): number {
  return Math.max(0, c.capacity - c.held - c.sold);
}

/** Human-readable list of the fare classes that break the invariant; empty means all is well. */
export function invariantViolations(counts: CountsByCabin): string[] {
  return Object.entries(counts)
    .filter(([, c]) => c && !checkInvariant(c))
    .map(([cabin, c]) => `${cabin}: capacity ${c?.capacity}, held ${c?.held}, sold ${c?.sold}`);
}
