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
}

export interface Money {
  amountMinor: number;
  currency: string;
}

/** One leg of an offer: a departure as the snapshot holds it, without its fares. */
export type Segment = Omit<SnapshotDeparture, "id" | "fares"> & { departureId: string };

/** Segments from the start, so connecting itineraries can be added without changing the shape. */
export interface Offer {
  id: string;
  departureId: string;
  cabin: Cabin;
  segments: Segment[];
  departsAt: number;
  arrivesAt: number;
  durationMinutes: number;
  pricePerPassenger: Money;
  totalPrice: Money;
  seatsLeft: number;
}
