import type { LedgerEntry } from "./contract";
import { applyDeltas, type CountsByPool } from "./invariant";

type LedgerDeltas = Pick<LedgerEntry, "pool" | "heldDelta" | "soldDelta" | "capacityDelta">;

/**
 * Rebuilds every pool's counts from the append-only ledger alone. The object keeps counts in a
 * table for speed; an audit compares the two, so a bug that changes one without the other shows.
 */
export function replayLedger(entries: readonly LedgerDeltas[]): CountsByPool {
  const counts: CountsByPool = {};
  for (const e of entries) {
    if (!e.pool) continue;
    counts[e.pool] = applyDeltas(counts[e.pool] ?? { capacity: 0, held: 0, sold: 0 }, e);
  }
  return counts;
}

export function sameCounts(a: CountsByPool, b: CountsByPool): boolean {
  const pools = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const pool of pools) {
    const x = a[pool];
    const y = b[pool];
    if (!x || !y || x.capacity !== y.capacity || x.held !== y.held || x.sold !== y.sold) return false;
  }
  return true;
}
