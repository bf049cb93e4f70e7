import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { addDays } from "../../src/lib/time";
import { createStaysInventory } from "../../src/products/stays/inventory/source";
import { localMidnightMs } from "../../src/products/stays/rules/refund";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture } from "../support/stays";

const db = createDb(env.DB);
const deps = { db };
/** A Monday at least two weeks away: the fixture's weekday rules land on known nights. */
const monday = (() => {
  for (let d = 14; ; d++) if (new Date(`${inDays(d)}T00:00:00Z`).getUTCDay() === 1) return inDays(d);
})();
const bumped: string[][] = [];
const source = createStaysInventory({ bumpCities: async (cities) => bumped.push(cities) });

beforeAll(async () => {
  await insertFixture(env.DB, {
    properties: [
      fixtureProperty("prp_inv_open", { cityCode: "PRG", currency: "CZK", timezone: "Europe/Prague" }),
      fixtureProperty("prp_inv_shut", { status: "closed" }),
      fixtureProperty("prp_inv_other"),
    ],
    roomTypes: [
      fixtureRoomType("rt_inv_double", "prp_inv_open", {
        name: "Double",
        roomCount: 4,
        baseRateMinor: 250_000,
        // Friday and Saturday 20 % dearer; no Sunday arrivals.
        weekdayPct: [100, 100, 100, 100, 100, 120, 120],
        closedToArrival: 1,
        minStay: 2,
        freeCancellationDays: 3,
        cancellationPenaltyPct: 25,
      }),
      fixtureRoomType("rt_inv_dorm", "prp_inv_open", { name: "Dorm bed", roomCount: 12, maxAdults: 1, maxChildren: 0 }),
      fixtureRoomType("rt_inv_foreign", "prp_inv_other"),
    ],
    rateOverrides: [
      {
        id: "ovr_inv_fest",
        roomTypeId: "rt_inv_double",
        fromDate: addDays(monday, 2),
        toDate: addDays(monday, 3),
        priceMinor: 400_000,
        minStay: 3,
        reason: "festival",
        createdAt: 1,
      },
    ],
    closures: [
      {
        id: "cls_inv_reno",
        propertyId: "prp_inv_open",
        roomTypeId: "rt_inv_double",
        kind: "closed",
        fromDate: addDays(monday, 7),
        toDate: addDays(monday, 7),
        reason: "renovation",
        createdAt: 1,
      },
      {
        id: "cls_inv_works",
        propertyId: "prp_inv_open",
        roomTypeId: null,
        kind: "no_arrival",
        fromDate: addDays(monday, 8),
        toDate: addDays(monday, 8),
        reason: "works",
        createdAt: 1,
      },
    ],
  });
});

describe("the stays inventory source: load", () => {
  it("loads a property as one unit with its currency and no pools until a hold names nights", async () => {
    expect(await source.load(deps, "prp_inv_open")).toEqual({
      unit: { unitId: "prp_inv_open", product: "stays", status: "open", closesAt: null, currency: "CZK" },
      pools: [],
    });
  });

  it("loads a closed property as a cancelled unit, and an unknown one as nothing", async () => {
    expect((await source.load(deps, "prp_inv_shut"))?.unit.status).toBe("cancelled");
    expect(await source.load(deps, "prp_inv_missing")).toBeNull();
  });
});

describe("the stays inventory source: materialising nights", () => {
  it("defines a night from the rules: room count, weekday price, arrival rules, policy and sales window", async () => {
    const friday = addDays(monday, 4);
    const [pool] = (await source.loadPools?.(deps, "prp_inv_open", [`rt_inv_double@${friday}`])) ?? [];
    const tz = "Europe/Prague";
    expect(pool).toEqual({
      pool: `rt_inv_double@${friday}`,
      capacity: 4,
      priceMinor: 300_000,
      label: `Double, night of ${friday}`,
      salesOpenAt: null,
      salesCloseAt: localMidnightMs(addDays(friday, 1), tz),
      maxPerHold: 9,
      refundPolicy: [
        { before: localMidnightMs(addDays(friday, -3), tz), refundBps: 10_000 },
        { before: localMidnightMs(friday, tz), refundBps: 7_500 },
      ],
      attrs: {
        roomTypeId: "rt_inv_double",
        roomTypeName: "Double",
        night: friday,
        minStay: 2,
        closed: false,
        closedToArrival: false,
        maxAdults: 2,
        maxChildren: 1,
        bookableFrom: localMidnightMs(addDays(friday, -365), tz),
      },
    });
  });

  it("applies overrides, closures and closed-to-arrival weekdays to the nights they cover", async () => {
    const names = [2, 6, 7, 8].map((d) => `rt_inv_double@${addDays(monday, d)}`);
    const pools = (await source.loadPools?.(deps, "prp_inv_open", names)) ?? [];
    expect(pools.map((p) => [p.pool, p.priceMinor, p.attrs.minStay, p.attrs.closed, p.attrs.closedToArrival])).toEqual([
      [names[0], 400_000, 3, false, false],
      [names[1], 250_000, 2, false, true],
      [names[2], 250_000, 2, true, false],
      [names[3], 250_000, 2, false, true],
    ]);
  });

  it("leaves out names that are no pool, another property's room type, or nights nobody may book", async () => {
    const pools = await source.loadPools?.(deps, "prp_inv_open", [
      "economy",
      `rt_inv_foreign@${monday}`,
      `rt_inv_missing@${monday}`,
      `rt_inv_dorm@${addDays(inDays(0), 400)}`,
      `rt_inv_dorm@${addDays(inDays(0), -5)}`,
      `rt_inv_dorm@${monday}`,
    ]);
    expect(pools?.map((p) => p.pool)).toEqual([`rt_inv_dorm@${monday}`]);
    expect(await source.loadPools?.(deps, "prp_inv_missing", [`rt_inv_dorm@${monday}`])).toEqual([]);
  });
});

describe("the stays inventory source: publish", () => {
  const row = (pool: string, available: number, priceMinor: number) => ({
    pool,
    label: pool,
    capacity: 12,
    held: 0,
    sold: 12 - available,
    available,
    priceMinor,
    currency: "CZK",
  });
  const published = () =>
    env.DB.prepare(
      "SELECT room_type_id, night, rooms_left, price_minor FROM room_night_availability WHERE room_type_id = 'rt_inv_dorm' ORDER BY night",
    ).all();

  it("writes rooms left for search, the price only where it is not the rule price, and moves the city's version on a sell-out", async () => {
    const [a, b] = [addDays(monday, 20), addDays(monday, 21)];
    bumped.length = 0;
    await source.publish(
      deps,
      "prp_inv_open",
      [row(`rt_inv_dorm@${a}`, 5, 10_000), row(`rt_inv_dorm@${b}`, 0, 12_300)],
      0,
    );
    expect((await published()).results).toEqual([
      { room_type_id: "rt_inv_dorm", night: a, rooms_left: 5, price_minor: null },
      { room_type_id: "rt_inv_dorm", night: b, rooms_left: 0, price_minor: 12_300 },
    ]);
    expect(bumped).toEqual([["PRG"]]);
  });

  it("writes every night of a large publish (several rows per statement) and overwrites what it wrote before", async () => {
    const nights = Array.from({ length: 45 }, (_, i) => addDays(monday, 40 + i));
    await source.publish(
      deps,
      "prp_inv_open",
      nights.map((n) => row(`rt_inv_dorm@${n}`, 7, 1)),
      0,
    );
    await source.publish(
      deps,
      "prp_inv_open",
      nights.map((n) => row(`rt_inv_dorm@${n}`, 3, 1)),
      0,
    );
    const rows = (await published()).results.filter((r) => nights.includes(r.night as string));
    expect(rows).toEqual(
      nights.map((night) => ({ room_type_id: "rt_inv_dorm", night, rooms_left: 3, price_minor: 1 })),
    );
  });
});
