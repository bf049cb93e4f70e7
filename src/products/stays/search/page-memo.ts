import type { PropertyOffer } from "./types";

/** One page of a stay search: what the HTTP layer renders. */
export interface StayPage {
  offers: PropertyOffer[];
  total: number;
  nextCursor: string | null;
}

/**
 * Pages an isolate keeps (a bound on memory, not a working set: a page is some 20 properties with
 * their rooms, a few tens of KB once rendered).
 */
const MAX_PAGES = 1_000;

/**
 * Pages already computed from the same cache entries, by the entries' keys (the city's version
 * included) and when each was read from the origin, and by the query's variant (party, filters,
 * sort, page). A popular stay is combined, filtered, sorted and paged once per variant instead of
 * once per request: what identifies an entry's data is its key and the instant the origin was
 * read, not the object that holds it, so a memory entry re-read from KV finds its pages again.
 * Nothing else decides a page (free-cancellation deadlines depend on the check-in, not on now).
 * Least recently used pages go first.
 */
export class StayPageMemo {
  private readonly pages = new Map<string, StayPage>();

  constructor(private readonly maxPages = MAX_PAGES) {}

  get(id: string): StayPage | undefined {
    const page = this.pages.get(id);
    if (!page) return undefined;
    this.pages.delete(id);
    this.pages.set(id, page);
    return page;
  }

  set(id: string, page: StayPage): void {
    this.pages.delete(id);
    this.pages.set(id, page);
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }
}
