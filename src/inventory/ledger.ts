import type { LedgerEntry } from "./contract";
import { applyDeltas, type CountsByCabin } from "./invariant";

/**
 * Rebuilds seat counts from the append-only ledger alone. The object keeps counts in a table for
 * speed; an audit compares the two, so a bug that changes one without the other is visible.
 */
export function replayLedger(entries: readonly Pick<LedgerEntry, "cabin" | keyof LedgerDeltas>[]): CountsByCabin {
  const counts: CountsByCabin = {};
  for (const e of entries) {
    if (!e.cabin) continue;
    const current = counts[e.cabin] ?? { capacity: 0, held: 0, sold: 0 };
    counts[e.cabin] = applyDeltas(current, e);
  }
  return counts;
}

type LedgerDeltas = Pick<LedgerEntry, "heldDelta" | "soldDelta" | "capacityDelta">;

export function sameCounts(a: CountsByCabin, b: CountsByCabin): boolean {
  const cabins = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof CountsByCabin>;
  for (const cabin of cabins) {
    const x = a[cabin];
    const y = b[cabin];
    if (!x || !y || x.capacity !== y.capacity || x.held !== y.held || x.sold !== y.sold) return false;
  }
  return true;
}
