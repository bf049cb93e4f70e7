import type { Cabin, TRANSPORT_MODES } from "../db/schema";

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

export interface Segment {
  departureId: string;
  mode: TransportMode;
  operator: string;
  number: string;
  origin: string;
  destination: string;
  departsAt: number;
  arrivesAt: number;
  durationMinutes: number;
  status: "scheduled" | "delayed" | "cancelled";
}

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
