import type { Cabin } from "../schema/cabins";

/**
 * The unit of caching: every bookable departure of one route on one day, all fare classes.
 * Filters, sorting and pages are applied to it per request, so one cached snapshot serves
 * every variant of a search (passengers, cabin, modes, sort, cursor) and popularity is
 * counted per route-day.
 */
export interface RouteDaySnapshot {
  /** Epoch ms when the origin database was read. */
  asOf: number;
  departures: SnapshotDeparture[];
}

export interface SnapshotDeparture {
  id: string;
  mode: "flight" | "rail" | "bus" | "ferry";
  operator: string;
  number: string;
  origin: string;
  destination: string;
  /** Epoch seconds, UTC. */
  departsAt: number;
  arrivesAt: number;
  durationMinutes: number;
  status: "scheduled" | "delayed" | "cancelled";
  fares: SnapshotFare[];
}

export interface SnapshotFare {
  cabin: Cabin;
  priceMinor: number;
  currency: string;
  /** Advisory: the departure's Durable Object decides. */
  seatsAvailable: number;
}
