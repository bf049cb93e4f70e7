import type { RouteDaySnapshot } from "./snapshot";
import type { Offer } from "./types";

/** One page of a search: what the HTTP layer renders. */
export interface SearchPage {
  offers: Offer[];
  total: number;
  nextCursor: string | null;
}

interface Memo {
  page: SearchPage;
  /** Epoch ms when the next departure of the snapshot leaves, and the page could change. */
  validUntil: number;
}

/** Variants (passengers × cabin × modes × sort × page) kept per snapshot; more is a sign of abuse, not use. */
const MAX_VARIANTS = 64;

/**
 * Pages already computed from a snapshot. The memory tier hands every hit the same snapshot
 * object, so a hot route-day is filtered, sorted and paged once per variant instead of once per
 * request. Keyed weakly: when the snapshot leaves the memory tier, its pages go with it.
 */
export class PageMemo {
  private readonly bySnapshot = new WeakMap<RouteDaySnapshot, Map<string, Memo>>();

  get(snapshot: RouteDaySnapshot, variant: string, nowMs: number): SearchPage | undefined {
    const memo = this.bySnapshot.get(snapshot)?.get(variant);
    return memo && nowMs < memo.validUntil ? memo.page : undefined;
  }

  set(snapshot: RouteDaySnapshot, variant: string, page: SearchPage, nowMs: number): void {
    let variants = this.bySnapshot.get(snapshot);
    if (!variants) {
      variants = new Map();
      this.bySnapshot.set(snapshot, variants);
    }
    if (variants.size >= MAX_VARIANTS) variants.clear();
    variants.set(variant, { page, validUntil: nextDepartureAfter(snapshot, nowMs) });
  }
}

/** Offers of departed trips drop out of results, so a page stays right until the next departure. */
function nextDepartureAfter(snapshot: RouteDaySnapshot, nowMs: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const d of snapshot.departures) {
    const at = d.departsAt * 1000;
    if (at > nowMs && at < next) next = at;
  }
  return next;
}
