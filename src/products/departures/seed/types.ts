import type { SeedOptions, SeedSize } from "../../seed.ts";
import type { Cabin } from "./fares.ts";
import type { Mode } from "./network.ts";

export type { Cabin, Mode, SeedSize };

/** A `departures` row (drizzle's camelCase insert shape). */
export interface DepartureRow {
  id: string;
  mode: Mode;
  operator: string;
  number: string;
  originCode: string;
  destinationCode: string;
  serviceDate: string;
  departsAt: number;
  arrivesAt: number;
  durationMinutes: number;
  status: "scheduled";
  updatedAt: number;
}

/** A `fare_classes` row. priceMinor is in the currency's minor unit (cents, but yen for JPY). */
export interface FareClassRow {
  departureId: string;
  cabin: Cabin;
  capacity: number;
  priceMinor: number;
  currency: string;
  seatsAvailable: number;
  updatedAt: number;
}

export interface GeneratedDeparture {
  departure: DepartureRow;
  fares: FareClassRow[];
}

/** startDate is the first service date, and "today" for the days-to-departure price curve. */
export type ScheduleOptions = SeedOptions;
