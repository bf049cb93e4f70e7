import { type Columns, insertStatements } from "../../../db/bulk-insert.ts";
import type { DepartureRow, FareClassRow, GeneratedDeparture } from "./types.ts";

export const DEPARTURE_COLUMNS: Columns<DepartureRow> = [
  ["id", (d) => d.id],
  ["mode", (d) => d.mode],
  ["operator", (d) => d.operator],
  ["number", (d) => d.number],
  ["origin_code", (d) => d.originCode],
  ["destination_code", (d) => d.destinationCode],
  ["service_date", (d) => d.serviceDate],
  ["departs_at", (d) => d.departsAt],
  ["arrives_at", (d) => d.arrivesAt],
  ["duration_minutes", (d) => d.durationMinutes],
  ["status", (d) => d.status],
  ["updated_at", (d) => d.updatedAt],
];

export const FARE_COLUMNS: Columns<FareClassRow> = [
  ["departure_id", (f) => f.departureId],
  ["cabin", (f) => f.cabin],
  ["capacity", (f) => f.capacity],
  ["price_minor", (f) => f.priceMinor],
  ["currency", (f) => f.currency],
  ["seats_available", (f) => f.seatsAvailable],
  ["updated_at", (f) => f.updatedAt],
];

/** Departures first, then their fare classes: the foreign key needs the parent row first. */
export function scheduleStatements(batch: readonly GeneratedDeparture[]): string[] {
  return [
    ...insertStatements(
      "departures",
      DEPARTURE_COLUMNS,
      batch.map((b) => b.departure),
    ),
    ...insertStatements(
      "fare_classes",
      FARE_COLUMNS,
      batch.flatMap((b) => b.fares),
    ),
  ];
}

/**
 * SQL statements for `wrangler d1 execute --file`, in chunks of `departuresPerFile` departures.
 * A departure's fare classes are in the same chunk as the departure, and INSERT OR REPLACE with
 * deterministic ids makes re-running a seed idempotent.
 */
export function* scheduleSqlChunks(
  schedule: Iterable<GeneratedDeparture>,
  departuresPerFile = 20_000,
): Generator<{ statements: string[]; departures: number; fareClasses: number }> {
  let batch: GeneratedDeparture[] = [];
  const flush = () => {
    const fareClasses = batch.reduce((n, b) => n + b.fares.length, 0);
    const out = { statements: scheduleStatements(batch), departures: batch.length, fareClasses };
    batch = [];
    return out;
  };
  for (const item of schedule) {
    batch.push(item);
    if (batch.length >= departuresPerFile) yield flush();
  }
  if (batch.length > 0) yield flush();
}
