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

/**
 * Pages (about 25 KB each with their rendered bytes) an isolate keeps: a bound on memory, not a
 * working set (a few thousand route-days times their common variants).
 */
const MAX_PAGES = 2000;

/**
 * Pages already computed from a snapshot, by route-day key (its version included), the snapshot's
 * `asOf` and the variant (passengers × cabin × modes × sort × page). A popular route-day is
 * filtered, sorted and paged once per variant instead of once per request, and the same data read
 * again (a memory entry expired and re-read from KV, a refresh that found nothing new) finds its
 * pages, and so its rendered bytes, again: what identifies a snapshot's data is its key and when
 * the origin was read, not the object that holds it. Least recently used pages go first.
 */
export class PageMemo {
  private readonly pages = new Map<string, Memo>();

  constructor(private readonly maxPages = MAX_PAGES) {}

  get(routeDay: string, snapshot: RouteDaySnapshot, variant: string, nowMs: number): SearchPage | undefined {
    const id = memoId(routeDay, snapshot, variant);
    const memo = this.pages.get(id);
    if (!memo) return undefined;
    this.pages.delete(id);
    if (nowMs >= memo.validUntil) return undefined;
    this.pages.set(id, memo);
    return memo.page;
  }

  set(routeDay: string, snapshot: RouteDaySnapshot, variant: string, page: SearchPage, nowMs: number): void {
    const id = memoId(routeDay, snapshot, variant);
    this.pages.delete(id);
    this.pages.set(id, { page, validUntil: nextDepartureAfter(snapshot, nowMs) });
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }
}

const memoId = (routeDay: string, snapshot: RouteDaySnapshot, variant: string) =>
  `${routeDay}@${snapshot.asOf}|${variant}`;

/** Offers of departed trips drop out of results, so a page stays right until the next departure. */
function nextDepartureAfter(snapshot: RouteDaySnapshot, nowMs: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const d of snapshot.departures) {
    const at = d.departsAt * 1000;
    if (at > nowMs && at < next) next = at;
  }
  return next;
}
