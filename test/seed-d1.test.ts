import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { sqlLiteral } from "../src/db/bulk-insert";
import { PLACES } from "../src/places/catalog";
import { placesStatements } from "../src/places/seed";
import { generateSchedule } from "../src/products/departures/seed/generator";
import { scheduleStatements } from "../src/products/departures/seed/sql";
import { seedSmall, smallScheduleOptions } from "./support/seed";

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? -1;

// Storage is shared by the tests of one file: each test starts from empty tables.
beforeEach(async () => {
  await env.DB.batch(["fare_classes", "departures", "places"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
});

describe("seeding D1", () => {
  it("loads every place and the whole small schedule through the binding", async () => {
    const expected = [...generateSchedule(smallScheduleOptions())];
    const result = await seedSmall(env.DB);
    expect(result.departures).toBe(expected.length);
    expect(result.fareClasses).toBe(expected.reduce((n, d) => n + d.fares.length, 0));
    expect(await count("places")).toBe(PLACES.length);
    expect(await count("departures")).toBe(result.departures);
    expect(await count("fare_classes")).toBe(result.fareClasses);
  });

  it("stores rows exactly as generated, with types intact", async () => {
    const { startDate } = await seedSmall(env.DB);
    const [first] = generateSchedule(smallScheduleOptions({ startDate }));
    if (!first) throw new Error("empty schedule");
    const row = await env.DB.prepare(
      `SELECT id, mode, operator, number, origin_code AS originCode, destination_code AS destinationCode,
       service_date AS serviceDate, departs_at AS departsAt, arrives_at AS arrivesAt,
       duration_minutes AS durationMinutes, status, updated_at AS updatedAt FROM departures WHERE id = ?`,
    )
      .bind(first.departure.id)
      .first();
    expect(row).toEqual(first.departure);
    const { results } = await env.DB.prepare(
      `SELECT departure_id AS departureId, cabin, capacity, price_minor AS priceMinor, currency,
       seats_available AS seatsAvailable, updated_at AS updatedAt FROM fare_classes WHERE departure_id = ? ORDER BY rowid`,
    )
      .bind(first.departure.id)
      .all();
    expect(results).toEqual(first.fares);
  });

  it("re-seeding the same schedule replaces rows instead of adding any", async () => {
    const first = await seedSmall(env.DB);
    await seedSmall(env.DB);
    expect(await count("departures")).toBe(first.departures);
    expect(await count("fare_classes")).toBe(first.fareClasses);
  });
});

describe("seed SQL text", () => {
  it("escapes quotes so names like King's Cross survive", async () => {
    expect(sqlLiteral("King's Cross")).toBe("'King''s Cross'");
    expect(sqlLiteral(-0.454)).toBe("-0.454");
    expect(() => sqlLiteral(Number.NaN)).toThrow(RangeError);
    await env.DB.batch(placesStatements(PLACES).map((sql) => env.DB.prepare(sql)));
    const row = await env.DB.prepare("SELECT name, lat, lon FROM places WHERE code = 'GBKGX'").first();
    expect(row).toEqual({ name: "London King's Cross", lat: 51.531, lon: -0.124 });
    expect(await count("places")).toBe(PLACES.length);
  });

  it("runs in D1 as written and loads the same rows as the binding path", async () => {
    const schedule = [...generateSchedule(smallScheduleOptions({ days: 3 }))];
    const statements = scheduleStatements(schedule);
    for (const sql of statements) expect(new TextEncoder().encode(sql).length).toBeLessThan(100_000);
    await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)));
    expect(await count("departures")).toBe(schedule.length);
    expect(await count("fare_classes")).toBe(schedule.reduce((n, d) => n + d.fares.length, 0));
    const sum = await env.DB.prepare("SELECT SUM(price_minor) AS total FROM fare_classes").first<{ total: number }>();
    expect(sum?.total).toBe(schedule.flatMap((d) => d.fares).reduce((n, f) => n + f.priceMinor, 0));
  });
});
