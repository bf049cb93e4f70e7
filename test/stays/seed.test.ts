import { env } from "cloudflare:test";
import { getTableColumns } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { minorDigits } from "../../src/lib/currency";
import { hash32 } from "../../src/lib/prng";
import { CITIES, getCity } from "../../src/places/catalog";
import { cityProfile } from "../../src/places/city-profiles";
import { countryProfile } from "../../src/places/countries";
import { cityCentre, distanceM } from "../../src/products/stays/city-centres";
import { AMENITIES, PROPERTY_TYPES, STAY_LIMITS } from "../../src/products/stays/config";
import { properties, propertyClosures, roomRateOverrides, roomTypes } from "../../src/products/stays/schema";
import { generateStays, staysSeed } from "../../src/products/stays/seed";
import {
  CLOSURE_COLUMNS,
  PROPERTY_COLUMNS,
  RATE_OVERRIDE_COLUMNS,
  ROOM_TYPE_COLUMNS,
} from "../../src/products/stays/seed/columns";
import type { StaysSeed } from "../../src/products/stays/seed/types";
import { seedStays } from "../support/seed";

const OPTIONS = { seed: 42, startDate: "2026-12-01" };
const seed = generateStays(OPTIONS);
const digest = (rows: StaysSeed) => hash32(JSON.stringify(rows));

describe("generateStays", () => {
  it("gives identical rows for identical options, and other rows for another seed", () => {
    expect(generateStays(OPTIONS)).toEqual(seed);
    const other = generateStays({ ...OPTIONS, seed: 7 });
    expect(digest(other)).not.toBe(digest(seed));
  });

  it("keeps property and room type ids when the start date moves, so reseeding replaces rows", () => {
    const later = generateStays({ ...OPTIONS, startDate: "2027-03-01" });
    expect(later.properties.map((p) => p.id)).toEqual(seed.properties.map((p) => p.id));
    expect(later.roomTypes.map((r) => r.id)).toEqual(seed.roomTypes.map((r) => r.id));
    const ids = [...seed.properties, ...seed.roomTypes, ...seed.rateOverrides, ...seed.closures].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("covers every catalogue city, big cities with more properties, 2,000 or more in all", () => {
    expect(seed.properties.length).toBeGreaterThanOrEqual(2_000);
    const perCity = new Map<string, number>();
    for (const p of seed.properties) perCity.set(p.cityCode, (perCity.get(p.cityCode) ?? 0) + 1);
    expect([...perCity.keys()].sort()).toEqual(CITIES.map((c) => c.code).sort());
    for (const [city, n] of perCity) {
      const [low, high] = { 1: [36, 44], 2: [16, 20], 3: [8, 10] }[cityProfile(city).tier];
      expect(n, city).toBeGreaterThanOrEqual(low ?? 0);
      expect(n, city).toBeLessThanOrEqual(high ?? 0);
    }
    for (const type of PROPERTY_TYPES)
      expect(
        seed.properties.some((p) => p.propertyType === type),
        type,
      ).toBe(true);
  });

  it("places properties near their city's centre, with the distance it stores, a unique name and the city's money and clock", () => {
    const problems: string[] = [];
    const names = new Set<string>();
    for (const p of seed.properties) {
      const city = getCity(p.cityCode);
      const centre = cityCentre(p.cityCode);
      if (!city || !centre) throw new Error(`no city ${p.cityCode}`);
      const d = distanceM(centre, p);
      if (Math.abs(d - p.distanceM) > 1) problems.push(`${p.id} distance ${p.distanceM} vs ${d}`);
      if (p.distanceM < 100 || p.distanceM > 14_000) problems.push(`${p.id} ${p.distanceM} m out`);
      if (names.has(`${p.cityCode}|${p.name}`)) problems.push(`${p.id} duplicate name ${p.name}`);
      names.add(`${p.cityCode}|${p.name}`);
      if (p.currency !== countryProfile(city.country).currency) problems.push(`${p.id} currency ${p.currency}`);
      if (p.timezone !== city.timezone) problems.push(`${p.id} timezone`);
      if (!p.address.endsWith(`, ${city.name}`)) problems.push(`${p.id} address ${p.address}`);
      if (p.stars < 1 || p.stars > 5) problems.push(`${p.id} stars ${p.stars}`);
      if (p.propertyType === "hostel" && p.stars > 2) problems.push(`${p.id} a ${p.stars}-star hostel`);
      if (p.propertyType === "resort" && p.stars < 4) problems.push(`${p.id} a ${p.stars}-star resort`);
      if (!p.amenities.every((a) => (AMENITIES as readonly string[]).includes(a))) problems.push(`${p.id} amenity`);
      if (!/^\d\d:\d\d$/.test(p.checkInFrom) || !/^\d\d:\d\d$/.test(p.checkOutUntil)) problems.push(`${p.id} times`);
      if (
        p.photos.length < 3 ||
        !p.photos.every((u) => u.startsWith(`https://photos.edgefare.example/properties/${p.id}/`))
      )
        problems.push(`${p.id} photos`);
    }
    expect(problems).toEqual([]);
  });

  it("gives every property a room type, and every room type rooms, a whole positive rate and consistent rules", () => {
    const problems: string[] = [];
    const byProperty = new Map<string, number>();
    const currencyOf = new Map(seed.properties.map((p) => [p.id, p.currency]));
    for (const r of seed.roomTypes) {
      byProperty.set(r.propertyId, (byProperty.get(r.propertyId) ?? 0) + 1);
      const currency = currencyOf.get(r.propertyId);
      if (!currency) problems.push(`${r.id} has no property`);
      const unit = 10 ** minorDigits(currency ?? "EUR");
      if (r.roomCount < 1 || r.roomCount > 60) problems.push(`${r.id} rooms ${r.roomCount}`);
      if (r.baseRateMinor < unit || r.baseRateMinor % unit !== 0) problems.push(`${r.id} rate ${r.baseRateMinor}`);
      if (r.maxAdults < 1 || r.maxAdults > STAY_LIMITS.maxAdultsPerRoom) problems.push(`${r.id} adults`);
      if (r.maxAdults + r.maxChildren > STAY_LIMITS.maxGuestsPerRoom) problems.push(`${r.id} guests`);
      if (r.weekdayPct.length !== 7 || !r.weekdayPct.every((x) => x >= 50 && x <= 150)) problems.push(`${r.id} week`);
      for (const s of r.seasons) {
        if (!/^\d\d-\d\d$/.test(s.from) || !/^\d\d-\d\d$/.test(s.to) || s.pct < 50 || s.pct > 200)
          problems.push(`${r.id} season ${JSON.stringify(s)}`);
      }
      if (r.minStay < 1 || r.minStay > 3) problems.push(`${r.id} min stay ${r.minStay}`);
      if (r.closedToArrival < 0 || r.closedToArrival >= 1 << 7 || r.closedToArrival === 0b1111111)
        problems.push(`${r.id} closed to arrival every day`);
      if (r.freeCancellationDays !== null && (r.freeCancellationDays < 0 || r.freeCancellationDays > 30))
        problems.push(`${r.id} free days`);
      if (r.cancellationPenaltyPct < 0 || r.cancellationPenaltyPct > 100) problems.push(`${r.id} penalty`);
    }
    for (const p of seed.properties) if (!byProperty.get(p.id)) problems.push(`${p.id} has no room type`);
    expect(problems).toEqual([]);
  });

  it("keeps operator changes inside the bookable year after the start date, on rows that exist", () => {
    const rooms = new Map(seed.roomTypes.map((r) => [r.id, r]));
    const propertyIds = new Set(seed.properties.map((p) => p.id));
    const last = "2027-12-01";
    const problems: string[] = [];
    for (const o of seed.rateOverrides) {
      if (!rooms.has(o.roomTypeId)) problems.push(`${o.id} room type`);
      if (!(OPTIONS.startDate <= o.fromDate && o.fromDate <= o.toDate && o.toDate <= last))
        problems.push(`${o.id} dates`);
      if (o.priceMinor === null || o.priceMinor <= (rooms.get(o.roomTypeId)?.baseRateMinor ?? 0))
        problems.push(`${o.id} price`);
    }
    for (const c of seed.closures) {
      if (!propertyIds.has(c.propertyId)) problems.push(`${c.id} property`);
      if (c.roomTypeId !== null && rooms.get(c.roomTypeId)?.propertyId !== c.propertyId) problems.push(`${c.id} room`);
      if (!(OPTIONS.startDate <= c.fromDate && c.fromDate <= c.toDate && c.toDate <= last))
        problems.push(`${c.id} dates`);
    }
    expect(problems).toEqual([]);
    expect(seed.rateOverrides.length).toBeGreaterThan(100);
    expect(seed.closures.some((c) => c.kind === "closed")).toBe(true);
    expect(seed.closures.some((c) => c.kind === "no_arrival")).toBe(true);
    expect(seed.properties.some((p) => p.status === "closed")).toBe(true);
  });

  it("prices in ISO 4217 minor units, as the departures' country profiles do", () => {
    for (const city of CITIES) {
      const money = countryProfile(city.country);
      expect(minorDigits(money.currency), money.currency).toBe(money.minorDigits);
    }
  });
});

describe("city centres", () => {
  it("are known for every catalogue city and lie near one of its airports or stations", () => {
    for (const city of CITIES) {
      const centre = cityCentre(city.code);
      expect(centre, city.code).toBeDefined();
      const nearest = Math.min(...city.places.map((p) => distanceM(centre ?? { lat: 0, lon: 0 }, p)));
      expect(nearest, city.code).toBeLessThan(45_000);
    }
  });
});

describe("the seed's SQL and D1 rows", () => {
  it("lists every column of each drizzle table, in the bulk inserts", () => {
    const names = (table: Parameters<typeof getTableColumns>[0]) =>
      Object.values(getTableColumns(table))
        .map((c) => c.name)
        .sort();
    expect(PROPERTY_COLUMNS.map(([c]) => c).sort()).toEqual(names(properties));
    expect(ROOM_TYPE_COLUMNS.map(([c]) => c).sort()).toEqual(names(roomTypes));
    expect(RATE_OVERRIDE_COLUMNS.map(([c]) => c).sort()).toEqual(names(roomRateOverrides));
    expect(CLOSURE_COLUMNS.map(([c]) => c).sort()).toEqual(names(propertyClosures));
  });

  it("writes INSERT OR REPLACE statements under D1's statement size, parents first", () => {
    const chunks = [...staysSeed.sqlChunks({ ...OPTIONS, size: "small", days: 30 })];
    expect(chunks.map((c) => Object.keys(c.rows)[0])).toEqual([
      "properties",
      "room_types",
      "room_rate_overrides",
      "property_closures",
    ]);
    expect(chunks[0]?.rows).toEqual({ properties: seed.properties.length });
    for (const chunk of chunks) {
      for (const statement of chunk.statements) {
        expect(statement.startsWith("INSERT OR REPLACE INTO ")).toBe(true);
        expect(new TextEncoder().encode(statement).length).toBeLessThan(100_000);
      }
    }
  });

  it("loads through the binding with types intact, and loading again adds nothing", async () => {
    const rows = await seedStays(env.DB, OPTIONS);
    await seedStays(env.DB, OPTIONS);
    const count = (table: string) => env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<number>("n");
    expect(await count("properties")).toBe(rows.properties.length);
    expect(await count("room_types")).toBe(rows.roomTypes.length);
    expect(await count("room_rate_overrides")).toBe(rows.rateOverrides.length);
    expect(await count("property_closures")).toBe(rows.closures.length);
    const sample = rows.roomTypes.find((r) => r.freeCancellationDays === null) ?? rows.roomTypes[0];
    const stored = await env.DB.prepare("SELECT * FROM room_types WHERE id = ?").bind(sample?.id).first();
    expect(stored).toEqual({
      id: sample?.id,
      property_id: sample?.propertyId,
      name: sample?.name,
      room_count: sample?.roomCount,
      max_adults: sample?.maxAdults,
      max_children: sample?.maxChildren,
      base_rate_minor: sample?.baseRateMinor,
      weekday_pct: JSON.stringify(sample?.weekdayPct),
      seasons: JSON.stringify(sample?.seasons),
      min_stay: sample?.minStay,
      closed_to_arrival: sample?.closedToArrival,
      free_cancellation_days: null,
      cancellation_penalty_pct: sample?.cancellationPenaltyPct,
      updated_at: sample?.updatedAt,
    });
  });
});
