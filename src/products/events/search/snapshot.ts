import type { EventCategory, VenueKind } from "../model";

/**
 * The unit of caching: every event of one city on one local date that is not cancelled, with
 * its tiers' prices and advisory remaining counts. Filters (category, text, what has started),
 * sorting and pages are applied per request, so one snapshot serves every variant of a search
 * and a range search reads one snapshot per day.
 */
export interface CityDaySnapshot {
  cityCode: string;
  date: string;
  events: SnapshotEvent[];
}

export interface SnapshotEvent {
  id: string;
  name: string;
  category: EventCategory;
  performers: string[];
  venue: { id: string; name: string; kind: VenueKind };
  /** Epoch seconds, UTC. */
  startsAt: number;
  endsAt: number;
  timezone: string;
  currency: string;
  salesOpenAt: number;
  salesCloseAt: number;
  popularity: number;
  tiers: SnapshotTier[];
}

export interface SnapshotTier {
  id: string;
  name: string;
  priceMinor: number;
  /** Advisory: the event's inventory object decides. */
  remaining: number;
  maxPerOrder: number;
  salesOpenAt: number | null;
  salesCloseAt: number | null;
}
