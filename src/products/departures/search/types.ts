import type { Cabin, TRANSPORT_MODES } from "../schema";
import type { SnapshotDeparture } from "./snapshot";

export type TransportMode = (typeof TRANSPORT_MODES)[number];
export const SORT_ORDERS = ["departure", "price", "duration"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** A search request after syntactic validation (types and ranges); meaning is checked by searchTrips. */
export interface SearchInput {
  origin: string;
  destination: string;
  date: string;
  passengers: number;
  cabin?: Cabin;
  modes?: TransportMode[];
  sort: SortOrder;
  limit: number;
  cursor?: string;
  /** 0: direct only; 1: direct and one-connection itineraries; absent: connections only where nothing direct fits. */
  maxConnections?: 0 | 1;
}

export interface Money {
  amountMinor: number;
  currency: string;
}

/** One leg of an offer: a departure as the snapshot holds it, without its fares. */
export type Segment = Omit<SnapshotDeparture, "id" | "fares"> & { departureId: string };

/**
 * A direct offer (one departure in one cabin) or an itinerary (segments in travel order, one
 * cabin, one price): the same shape, so one list sorts and pages both.
 */
export interface Offer {
  /** `off_…` for a direct offer; an itinerary's id names its segments (itinerary-id.ts). */
  id: string;
  /** The departure to hold for a direct offer; null for an itinerary (a trip holds its segments). */
  departureId: string | null;
  cabin: Cabin;
  segments: Segment[];
  departsAt: number;
  arrivesAt: number;
  durationMinutes: number;
  pricePerPassenger: Money;
  totalPrice: Money;
  /** The fewest seats any segment has left. */
  seatsLeft: number;
  connections: 0 | 1;
  /** Minutes between arriving at the hub and leaving it; null for a direct offer. */
  layoverMinutes: number | null;
}
