import type { EventCategory, VenueKind } from "../model";

export const EVENT_SORTS = ["date", "price", "popularity"] as const;
export type EventSort = (typeof EVENT_SORTS)[number];

export const EVENT_SEARCH_LIMITS = {
  /** A range reads one cached snapshot per day; a month keeps a search to at most 31 of them. */
  maxRangeDays: 31,
  /** Events go on sale up to a year ahead. */
  maxDaysAhead: 365,
  /** `to` when only `from` is given: a week. */
  defaultRangeDays: 7,
  defaultPageSize: 20,
  maxPageSize: 100,
} as const;

/** A search after syntactic validation (types, lengths); meaning is checked by searchEvents. */
export interface EventSearchInput {
  place: string;
  from?: string;
  to?: string;
  categories?: EventCategory[];
  q?: string;
  sort: EventSort;
  limit: number;
  cursor?: string;
}

export type SalesStatus = "not_open" | "open" | "closed";

/** One event as a search lists it: the snapshot's event reduced to what a result card shows. */
export interface EventResult {
  id: string;
  name: string;
  category: EventCategory;
  performers: string[];
  venue: { id: string; name: string; kind: VenueKind };
  cityCode: string;
  localDate: string;
  timezone: string;
  startsAt: number;
  endsAt: number;
  currency: string;
  /** Lowest price still to be had (on sale or not yet, with tickets left); else the lowest of all. */
  priceFromMinor: number;
  /** Advisory tickets left over every tier. */
  remaining: number;
  sales: { openAt: number; closeAt: number; status: SalesStatus };
  popularity: number;
}
