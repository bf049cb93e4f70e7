import type { Place } from "../places/cities.ts";
import type { DepartureRow, FareClassRow, GeneratedDeparture } from "./types.ts";

type Value = string | number;
export type Columns<T> = readonly (readonly [column: string, pick: (row: T) => Value])[];

export const PLACE_COLUMNS: Columns<Place> = [
  ["code", (p) => p.code],
  ["name", (p) => p.name],
  ["kind", (p) => p.kind],
  ["city_code", (p) => p.cityCode],
  ["city_name", (p) => p.cityName],
  ["country", (p) => p.country],
  ["lat", (p) => p.lat],
  ["lon", (p) => p.lon],
  ["timezone", (p) => p.timezone],
];

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

/** D1 caps one SQL statement at 100 KB; staying under it keeps the files valid for --remote too. */
const MAX_STATEMENT_BYTES = 90_000;

export function sqlLiteral(value: Value): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} as SQL`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

function insertStatements<T>(table: string, columns: Columns<T>, rows: Iterable<T>): string[] {
  const head = `INSERT OR REPLACE INTO ${table} (${columns.map(([c]) => c).join(", ")}) VALUES\n`;
  const statements: string[] = [];
  let tuples: string[] = [];
  let bytes = head.length;
  for (const row of rows) {
    const tuple = `(${columns.map(([, pick]) => sqlLiteral(pick(row))).join(",")})`;
    if (tuples.length > 0 && bytes + tuple.length + 2 > MAX_STATEMENT_BYTES) {
      statements.push(`${head}${tuples.join(",\n")};`);
      tuples = [];
      bytes = head.length;
    }
    tuples.push(tuple);
    bytes += tuple.length + 2;
  }
  if (tuples.length > 0) statements.push(`${head}${tuples.join(",\n")};`);
  return statements;
}

export function placesStatements(places: readonly Place[]): string[] {
  return insertStatements("places", PLACE_COLUMNS, places);
}

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
 * SQL text for `wrangler d1 execute --file`, one string per `departuresPerFile` departures.
 * A departure's fare classes are in the same file as the departure, and INSERT OR REPLACE with
 * deterministic ids makes re-running a seed idempotent.
 */
export function* scheduleSqlFiles(
  schedule: Iterable<GeneratedDeparture>,
  departuresPerFile = 20_000,
): Generator<{ sql: string; departures: number; fareClasses: number }> {
  let batch: GeneratedDeparture[] = [];
  const flush = () => {
    const fareClasses = batch.reduce((n, b) => n + b.fares.length, 0);
    const out = { sql: scheduleStatements(batch).join("\n"), departures: batch.length, fareClasses };
    batch = [];
    return out;
  };
  for (const item of schedule) {
    batch.push(item);
    if (batch.length >= departuresPerFile) yield flush();
  }
  if (batch.length > 0) yield flush();
}
