import { env } from "cloudflare:test";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createIsolateState } from "../../src/api/isolate-state";
import { ScopeVersions } from "../../src/cache/scope-versions";
import { CACHE_POLICY } from "../../src/config";
import { createDb } from "../../src/db/client";
import { createApp } from "../../src/http/app";
import { addDays } from "../../src/lib/time";
import { publishRoomNights } from "../../src/products/stays/inventory/publish";
import { cityScope, listingKey, nightKey } from "../../src/products/stays/search/keys";
import { appClient } from "../support/app-client";
import { envWithRedis, flushRedis, redisCommand, resetBridgeFault } from "../support/redis";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture, type StayBody, staysQuery } from "../support/stays";

const withRedis = envWithRedis(env);
const CITY = "WLG";
const city = { cityCode: CITY, currency: "NZD", timezone: "Pacific/Auckland" };
const checkIn = inDays(9);
const stay = (nights: number, over: Record<string, string | number> = {}) =>
  staysQuery({ place: CITY, check_in: checkIn, check_out: addDays(checkIn, nights), ...over });

async function ok(res: Response): Promise<StayBody> {
  if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
  return res.json<StayBody>();
}

/** The env with a D1 binding that records each batch's size (drizzle sends every stays read as a batch). */
function countingDb() {
  const batches: number[] = [];
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          batches.push(statements.length);
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { env: { ...env, DB: db }, batches };
}

beforeAll(async () => {
  await insertFixture(env.DB, {
    properties: [fixtureProperty("prp_ca_one", city), fixtureProperty("prp_ca_two", { ...city, stars: 4 })],
    roomTypes: [
      fixtureRoomType("rt_ca_one", "prp_ca_one", { roomCount: 5 }),
      fixtureRoomType("rt_ca_two", "prp_ca_two", { baseRateMinor: 15_000 }),
    ],
  });
});
beforeEach(flushRedis);
afterEach(resetBridgeFault);

describe("stays search through the cache tiers", () => {
  it("reads a cold 30-night stay from D1 in one round trip, then from memory without D1", async () => {
    const counted = countingDb();
    const client = appClient(counted.env);
    const first = await ok(await client(stay(30)));
    expect(first.meta.tier).toBe("origin");
    expect(first.data.map((p) => p.id)).toEqual(["prp_ca_one", "prp_ca_two"]);
    expect(counted.batches).toEqual([31]);
    const again = await ok(await client(stay(30)));
    expect(again.meta.tier).toBe("memory");
    expect(counted.batches).toEqual([31]);
  });

  it("reads only the nights no tier holds: a longer stay after a shorter one", async () => {
    const counted = countingDb();
    const client = appClient(counted.env);
    await ok(await client(stay(3, { adults: 1 })));
    await ok(await client(stay(5, { adults: 1 })));
    expect(counted.batches).toEqual([4, 2]);
  });

  it("serves concurrent overlapping stays in one isolate, each waiting only on reads already under way", async () => {
    const counted = countingDb();
    const client = appClient(counted.env);
    const stays = [stay(3, { adults: 1 }), stay(5, { adults: 1 }), stay(2, { adults: 1, children: 1 })];
    const bodies = await Promise.all(stays.map((path) => client(path).then(ok)));
    expect(bodies.map((b) => b.data.length)).toEqual([2, 2, 2]);
    // Six distinct entries (the listing and five nights), each read from D1 once.
    expect(counted.batches.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it("fills Redis, where a fresh isolate finds every night", async () => {
    await ok(await appClient(withRedis)(stay(2)));
    const second = await ok(await appClient(withRedis)(stay(2)));
    expect(second.meta.tier).toBe("redis");
    const keys = ((await redisCommand("KEYS", "search:stays:*")) as string[]).sort();
    expect(keys).toEqual([
      listingKey(CITY, "0"),
      nightKey(CITY, checkIn, "0"),
      nightKey(CITY, addDays(checkIn, 1), "0"),
    ]);
  });

  it("promotes popular city-nights to KV, and the listing with them", async () => {
    const nights = [checkIn, addDays(checkIn, 1)];
    // Searched in 10 isolates within one minute (a clock 5 s into it): popular.
    const at = (Math.floor(Date.now() / 60_000) * 60 + 5) * 1000;
    const isolate = () => appClient(withRedis, createApp(createIsolateState(() => at)));
    const popularity = (night: string) =>
      redisCommand("ZSCORE", `popularity:stays:${Math.floor(at / 60_000)}`, `${CITY}:${night}`);
    for (let i = 0; i < CACHE_POLICY.popularThreshold; i++) await ok(await isolate()(stay(2, { children: 1 })));
    expect(await popularity(nights[0] ?? "")).toBe(String(CACHE_POLICY.popularThreshold));
    const listed = (await env.ROUTE_CACHE.list({ prefix: `search:stays:v1:` })).keys.map((k) => k.name).sort();
    expect(listed).toEqual([listingKey(CITY, "0"), ...nights.map((n) => nightKey(CITY, n, "0"))]);
    const next = await ok(await isolate()(stay(2, { children: 1 })));
    expect(next.meta.tier).toBe("kv");
  });
});

describe("freshness of an answer built from several nights", () => {
  it("is the oldest night's, served stale while a refresh runs, and never older than max_stale_s", async () => {
    const night = addDays(checkIn, 20);
    const asOf = Date.now() - 45_000;
    const cells = { rt_ca_one: [5, 10_000, 1, 0], rt_ca_two: [10, 15_000, 1, 0] };
    await env.ROUTE_CACHE.put(
      nightKey(CITY, night, "0"),
      JSON.stringify({ value: { city: CITY, night, cells }, asOf }),
    );
    const body = await ok(
      await appClient(env)(staysQuery({ place: CITY, check_in: night, check_out: addDays(night, 2), adults: 1 })),
    );
    expect(body.meta).toMatchObject({ tier: "origin", stale: true, as_of: new Date(asOf).toISOString() });
    expect(body.meta.age_s).toBeGreaterThanOrEqual(45);
    const tooOld = addDays(checkIn, 25);
    const tooOldAsOf = Date.now() - 121_000;
    await env.ROUTE_CACHE.put(
      nightKey(CITY, tooOld, "0"),
      JSON.stringify({ value: { city: CITY, night: tooOld, cells: {} }, asOf: tooOldAsOf }),
    );
    const fresh = await ok(
      await appClient(env)(staysQuery({ place: CITY, check_in: tooOld, check_out: addDays(tooOld, 1) })),
    );
    expect(fresh.meta).toMatchObject({ tier: "origin", stale: false });
    // Not the 121 s old night: as_of is the oldest entry used, here the city listing cached by the
    // previous request (its age_s is 0 or 1, depending on the machine's speed).
    expect(Date.parse(fresh.meta.as_of)).toBeGreaterThan(tooOldAsOf + 60_000);
    expect(fresh.data).toHaveLength(2);
  });
});

describe("invalidation by the city's version", () => {
  it("stops serving a city's cached nights once an operator change moves the version", async () => {
    const isolate = createIsolateState();
    const client = appClient(env, createApp(isolate));
    const query = stay(2, { adults: 1, price_per: "total" });
    expect((await ok(await client(query))).data.map((p) => p.id)).toEqual(["prp_ca_one", "prp_ca_two"]);
    await env.DB.prepare(
      `INSERT INTO property_closures (id, property_id, room_type_id, kind, from_date, to_date, reason, created_at)
       VALUES ('cls_cache_test', 'prp_ca_two', NULL, 'closed', ?, ?, 'test', 0)`,
    )
      .bind(checkIn, checkIn)
      .run();
    // D1 changed, the version did not: the isolate still serves what it holds.
    const cached = await ok(await client(query));
    expect(cached.meta.tier).toBe("memory");
    expect(cached.data).toHaveLength(2);
    await new ScopeVersions(env.ROUTE_CACHE, isolate.versionMemo, 5, Date.now).bump([cityScope(CITY)]);
    const after = await ok(await client(query));
    expect(after.meta.tier).toBe("origin");
    expect(after.data.map((p) => p.id)).toEqual(["prp_ca_one"]);
    // Another isolate reads the new version from KV (strongly consistent locally).
    expect((await ok(await appClient(env)(query))).data.map((p) => p.id)).toEqual(["prp_ca_one"]);
    await env.DB.prepare("DELETE FROM property_closures WHERE id = 'cls_cache_test'").run();
  });

  it("moves the version when the inventory object publishes a sell-out, not for every room sold", async () => {
    const isolate = createIsolateState();
    const client = appClient(env, createApp(isolate));
    const versions = new ScopeVersions(env.ROUTE_CACHE, isolate.versionMemo, 5, Date.now);
    const publish = (available: number) =>
      publishRoomNights(
        { db: createDb(env.DB), bumpCities: (cities) => versions.bump(cities.map(cityScope)) },
        "prp_ca_one",
        [{ pool: `rt_ca_one@${addDays(checkIn, 1)}`, available, priceMinor: null }],
        Date.now(),
      );
    const query = stay(2, { children: 1, limit: 5 });
    const roomsLeft = async () =>
      (await ok(await client(query))).data.find((p) => p.id === "prp_ca_one")?.rooms[0]?.rooms_left;
    expect(await roomsLeft()).toBe(5);
    expect(await publish(3)).toEqual({ written: 1, bumped: false });
    // Advisory counts follow within max_stale_s: the cached night still says 5.
    expect(await roomsLeft()).toBe(5);
    expect(await publish(0)).toEqual({ written: 1, bumped: true });
    expect(await roomsLeft()).toBeUndefined();
    expect(await publish(2)).toEqual({ written: 1, bumped: true });
    expect(await roomsLeft()).toBe(2);
    expect(await publish(2)).toEqual({ written: 1, bumped: false });
    const ignored = await publishRoomNights(
      { db: createDb(env.DB), bumpCities: () => Promise.reject(new Error("not called")) },
      "prp_ca_one",
      [
        { pool: `rt_ca_two@${checkIn}`, available: 0, priceMinor: null },
        { pool: "not-a-pool", available: 0, priceMinor: null },
      ],
      Date.now(),
    );
    expect(ignored).toEqual({ written: 0, bumped: false });
  });
});

describe("stays search when D1 fails", () => {
  const brokenDb = {
    prepare: () => {
      throw new Error("D1_ERROR: simulated outage");
    },
    batch: () => Promise.reject(new Error("D1_ERROR: simulated outage")),
  };

  it("answers 503 ORIGIN_UNAVAILABLE when no tier holds the nights", async () => {
    const res = await appClient({ ...env, DB: brokenDb })(stay(4, { rooms: 2, adults: 2 }));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/origin-unavailable",
      title: "The origin database is unavailable",
      status: 503,
      code: "ORIGIN_UNAVAILABLE",
      detail: "Stays cannot be read right now and no cached answer is fresh enough. Retry shortly.",
      instance: "/v1/stays/search",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("keeps answering from the tiers that hold every night", async () => {
    const app = createApp();
    await ok(await appClient(env, app)(stay(4, { adults: 3 })));
    const res = await appClient({ ...env, DB: brokenDb }, app)(stay(4, { adults: 3 }));
    expect((await ok(res)).meta.tier).toBe("memory");
  });
});
