import { and, Column, eq, is, Placeholder, SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { resolveNight } from "../rules/night";
import { properties } from "../schema/properties";
import { propertyClosures } from "../schema/property-closures";
import { roomNightAvailability } from "../schema/room-night-availability";
import { roomRateOverrides } from "../schema/room-rate-overrides";
import { roomTypes } from "../schema/room-types";
import type { CityListing, CityNight, ListedProperty, NightCell } from "./types";

/** A value of the statement, or a placeholder filled per call (see `shapeOf`). */
type Bound = string | Placeholder<string, string>;

const openIn = (city: Bound) => and(eq(properties.cityCode, city), eq(properties.status, "open"));

/** Every open property of a city with its room types: one seek of properties_city_idx, room types by property. */
export function listingQuery(db: Database, city: Bound) {
  return db
    .select({
      id: properties.id,
      name: properties.name,
      propertyType: properties.propertyType,
      stars: properties.stars,
      lat: properties.lat,
      lon: properties.lon,
      address: properties.address,
      distanceM: properties.distanceM,
      amenities: properties.amenities,
      photos: properties.photos,
      currency: properties.currency,
      timezone: properties.timezone,
      // Aliased: D1 returns rows as objects, where a second "id" or "name" would overwrite the first.
      roomTypeId: sql<string>`${roomTypes.id}`.as("room_type_id"),
      roomTypeName: sql<string>`${roomTypes.name}`.as("room_type_name"),
      roomCount: roomTypes.roomCount,
      maxAdults: roomTypes.maxAdults,
      maxChildren: roomTypes.maxChildren,
      freeCancellationDays: roomTypes.freeCancellationDays,
      cancellationPenaltyPct: roomTypes.cancellationPenaltyPct,
    })
    .from(properties)
    .innerJoin(roomTypes, eq(roomTypes.propertyId, properties.id))
    .where(openIn(city));
}

/** Operator changes covering one night: the newest of each kind wins (rules/night.ts says the same in code). */
const coveringOverride = (column: "price_minor" | "min_stay", night: Bound) =>
  sql<number | null>`(SELECT o.${sql.raw(column)} FROM ${roomRateOverrides} o
     WHERE o.room_type_id = ${roomTypes.id} AND o.from_date <= ${night} AND o.to_date >= ${night}
       AND o.${sql.raw(column)} IS NOT NULL
     ORDER BY o.created_at DESC, o.id DESC LIMIT 1)`;

const coveringClosure = (kind: "closed" | "no_arrival", night: Bound) =>
  sql<number>`EXISTS (SELECT 1 FROM ${propertyClosures} c
     WHERE c.property_id = ${properties.id} AND c.from_date <= ${night} AND c.to_date >= ${night}
       AND c.kind = ${kind} AND (c.room_type_id IS NULL OR c.room_type_id = ${roomTypes.id}))`;

/**
 * Every room type of a city's open properties on one night, with what decides it: the rules,
 * the object's advisory row (primary key), the newest covering override and any covering
 * closure (correlated subqueries over their (room type | property, from_date) indexes). Raw SQL
 * only for those subqueries: drizzle has no correlated scalar subquery in a select list.
 */
export function nightQuery(db: Database, city: Bound, night: Bound) {
  return db
    .select({
      roomTypeId: roomTypes.id,
      currency: properties.currency,
      roomCount: roomTypes.roomCount,
      baseRateMinor: roomTypes.baseRateMinor,
      weekdayPct: roomTypes.weekdayPct,
      seasons: roomTypes.seasons,
      minStay: roomTypes.minStay,
      closedToArrival: roomTypes.closedToArrival,
      publishedRoomsLeft: roomNightAvailability.roomsLeft,
      publishedPriceMinor: sql<number | null>`${roomNightAvailability.priceMinor}`.as("published_price_minor"),
      overridePriceMinor: coveringOverride("price_minor", night).as("override_price_minor"),
      overrideMinStay: coveringOverride("min_stay", night).as("override_min_stay"),
      closed: coveringClosure("closed", night).as("closed"),
      noArrival: coveringClosure("no_arrival", night).as("no_arrival"),
    })
    .from(properties)
    .innerJoin(roomTypes, eq(roomTypes.propertyId, properties.id))
    .leftJoin(
      roomNightAvailability,
      and(eq(roomNightAvailability.roomTypeId, roomTypes.id), eq(roomNightAvailability.night, night)),
    )
    .where(openIn(city));
}

type ListingRow = Awaited<ReturnType<typeof listingQuery>>[number];
type NightRow = Awaited<ReturnType<typeof nightQuery>>[number];

export function toListing(city: string, rows: readonly ListingRow[]): CityListing {
  const byId = new Map<string, ListedProperty>();
  for (const r of rows) {
    let property = byId.get(r.id);
    if (!property) {
      property = {
        id: r.id,
        name: r.name,
        propertyType: r.propertyType,
        stars: r.stars,
        lat: r.lat,
        lon: r.lon,
        address: r.address,
        distanceM: r.distanceM,
        amenities: r.amenities,
        photo: r.photos[0] ?? null,
        currency: r.currency,
        timezone: r.timezone,
        roomTypes: [],
      };
      byId.set(r.id, property);
    }
    property.roomTypes.push({
      id: r.roomTypeId,
      name: r.roomTypeName,
      roomCount: r.roomCount,
      maxAdults: r.maxAdults,
      maxChildren: r.maxChildren,
      freeCancellationDays: r.freeCancellationDays,
      cancellationPenaltyPct: r.cancellationPenaltyPct,
    });
  }
  const byIdOrder = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const list = [...byId.values()].sort(byIdOrder);
  for (const p of list) p.roomTypes.sort(byIdOrder);
  return { city, properties: list };
}

export function toCityNight(city: string, night: string, rows: readonly NightRow[]): CityNight {
  const cells: Record<string, NightCell> = {};
  for (const r of rows) {
    const state = resolveNight(r, night, r.currency, {
      published:
        r.publishedRoomsLeft === null ? null : { roomsLeft: r.publishedRoomsLeft, priceMinor: r.publishedPriceMinor },
      overridePriceMinor: r.overridePriceMinor,
      overrideMinStay: r.overrideMinStay,
      closed: Boolean(r.closed),
      noArrival: Boolean(r.noArrival),
    });
    cells[r.roomTypeId] = [
      state.roomsLeft,
      state.priceMinor,
      state.minStay,
      (state.closed ? 1 : 0) | (state.closedToArrival ? 2 : 0),
    ];
  }
  return { city, night, cells };
}

export type OriginRequest = { kind: "listing" } | { kind: "night"; night: string };

/**
 * Reads what a search missed in every cache tier, for one city, in one D1 round trip: the
 * listing and each missing night are one statement each in a single batch.
 */
export async function loadFromOrigin(
  db: Database,
  city: string,
  requests: readonly OriginRequest[],
): Promise<(CityListing | CityNight)[]> {
  if (requests.length === 0) return [];
  const client = db.$client;
  const shapes = requests.map((r) => shapeOf(db, r.kind));
  const results = await client.batch(
    requests.map((r, i) => {
      const shape = shapes[i] as Shape;
      const values: Record<string, string> = r.kind === "listing" ? { city } : { city, night: r.night };
      return client.prepare(shape.sql).bind(...shape.slots.map((slot) => (slot.name ? values[slot.name] : slot.value)));
    }),
  );
  return requests.map((r, i) => {
    const rows = readRows(
      (shapes[i] as Shape).fields,
      (results[i]?.results ?? []) as Record<string, unknown>[],
    ) as never[];
    return r.kind === "listing" ? toListing(city, rows) : toCityNight(city, r.night, rows);
  });
}

/**
 * drizzle builds each kind of statement once per isolate, with placeholders for the city and the
 * night; the batch goes to D1 directly and its rows are read here. Building the query per call
 * (a class check per SQL chunk) and drizzle's batch (every row object D1 made turned back into an
 * array, then into an object again, with a class check per column per row) were the largest part
 * of a cold search's CPU. The decoders are drizzle's own (a json column is parsed as drizzle would).
 */
interface Field {
  key: string;
  /** D1 keys a row by result column name: a column's name, or an aliased expression's alias. */
  from: string;
  decoder: { mapFromDriverValue(value: unknown): unknown };
}

interface Shape {
  sql: string;
  /** Each bound value: a constant of the statement, or the name of a placeholder. */
  slots: { name?: string; value?: unknown }[];
  fields: Field[];
}

const shapes = new Map<OriginRequest["kind"], Shape>();

function shapeOf(db: Database, kind: OriginRequest["kind"]): Shape {
  const known = shapes.get(kind);
  if (known) return known;
  const city = sql.placeholder("city");
  const query = kind === "listing" ? listingQuery(db, city) : nightQuery(db, city, sql.placeholder("night"));
  const { sql: text, params } = query.toSQL();
  const shape: Shape = {
    sql: text,
    slots: params.map((p) => (is(p, Placeholder) ? { name: p.name } : { value: p })),
    fields: Object.entries(query._.selectedFields as Record<string, unknown>).map(([key, field]) => {
      // listingQuery and nightQuery alias every name that would otherwise appear twice in a row.
      if (is(field, Column)) return { key, from: field.name, decoder: field };
      if (is(field, SQL.Aliased)) return { key, from: field.fieldAlias, decoder: sqlDecoder(field.sql) };
      throw new Error(`stays origin: select field '${key}' has no result column name`);
    }),
  };
  shapes.set(kind, shape);
  return shape;
}

/** drizzle keeps an expression's decoder (its `mapWith`) off its public type. */
const sqlDecoder = (expression: SQL): Field["decoder"] =>
  (expression as unknown as { decoder: Field["decoder"] }).decoder;

function readRows(fields: readonly Field[], rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const raw = row[f.from];
      out[f.key] = raw === null || raw === undefined ? null : f.decoder.mapFromDriverValue(raw);
    }
    return out;
  });
}
