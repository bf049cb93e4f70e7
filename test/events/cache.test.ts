import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isolateTotals, meterBindings } from "../../bench/entry/metering";
import { createIsolateState } from "../../src/api/isolate-state";
import { buildServices } from "../../src/api/services";
import { CACHE_POLICY } from "../../src/config";
import { createApp } from "../../src/http/app";
import { jsonLogger } from "../../src/lib/logger";
import { addDays, localDate } from "../../src/lib/time";
import { buildEventSearchDeps, bumpEventCities, eventVersions } from "../../src/products/events/search/deps";
import { createEventsIsolate } from "../../src/products/events/search/isolate";
import { searchEvents } from "../../src/products/events/search/search-events";
import { appClient } from "../support/app-client";
import { eventsPath, insertEventFixture, type SearchBody, searchOk } from "../support/events";
import { envWithRedis, flushRedis, redisCommand } from "../support/redis";

const withRedis = envWithRedis(env);
const today = localDate(Date.now(), "Europe/Oslo");
const from = addDays(today, 1);
const to = addDays(from, 2);
const window = (ms = Date.now()) => Math.floor(ms / 1000 / CACHE_POLICY.popularityWindowSeconds);

beforeAll(async () => {
  for (const [i, date] of [from, addDays(from, 1), to].entries()) {
    await insertEventFixture(env.DB, {
      id: `evt_cache_${i}`,
      city: "OSL",
      date,
      name: `Fjord Session ${i}`,
      performers: ["Nordlys Quartet"],
      venue: { id: "ven_cache", name: "Harbour Hall" },
    });
  }
});
beforeEach(flushRedis);

describe("event search through the cache tiers", () => {
  it("loads each day from D1 once, then answers from this isolate's memory", async () => {
    const client = appClient(env);
    const origin = await client(eventsPath({ place: "OSL", from, to }));
    expect(origin.headers.get("cache-control")).toBe("public, max-age=30, stale-while-revalidate=90");
    expect(origin.headers.get("server-timing")).toMatch(
      /^memory;dur=[\d.]+;desc="3 miss", kv;.*origin;dur=[\d.]+;desc="3 load"$/,
    );
    const first = await origin.json<SearchBody>();
    expect(first.meta).toMatchObject({
      tier: "origin",
      cache: { origin: 3 },
      stale: false,
      age_s: 0,
      max_stale_s: 120,
    });
    expect(first.data.map((c) => c.id)).toEqual(["evt_cache_0", "evt_cache_1", "evt_cache_2"]);
    const res = await client(eventsPath({ place: "OSL", from, to }));
    expect(res.headers.get("server-timing")).toMatch(/^memory;dur=[\d.]+;desc="3 hit"$/);
    expect((await res.json<{ meta: unknown }>()).meta).toMatchObject({ tier: "memory", cache: { memory: 3 } });
  });

  it("reads the days no tier holds from D1 together: one query for a cold week", async () => {
    // Counted at the binding, the way the benchmark counts (bench/entry/metering.ts).
    const client = appClient(meterBindings(env));
    isolateTotals(true);
    const week = await searchOk({ place: "OSL", from, to: addDays(from, 6) }, client);
    expect(week.meta).toMatchObject({ tier: "origin", cache: { origin: 7 } });
    expect(week.data.map((c) => c.id)).toEqual(["evt_cache_0", "evt_cache_1", "evt_cache_2"]);
    expect(isolateTotals(true)).toMatchObject({ d1_queries: 1 });
  });

  it("shares days between ranges: a wider range loads only the days it lacks", async () => {
    const client = appClient(env);
    await searchOk({ place: "OSL", from, to: from }, client);
    const wider = await searchOk({ place: "OSL", from, to }, client);
    // The slowest tier and the oldest read speak for the whole answer.
    expect(wider.meta).toMatchObject({ tier: "origin", cache: { memory: 1, origin: 2 } });
  });

  it("fills Redis with every day, and a fresh isolate reads them there", async () => {
    await searchOk({ place: "OSL", from, to }, appClient(withRedis));
    const second = await searchOk({ place: "OSL", from, to }, appClient(withRedis));
    expect(second.meta).toMatchObject({ tier: "redis", cache: { redis: 3 } });
    const keys = ((await redisCommand("KEYS", "search:events:*")) as string[]).sort();
    expect(keys).toEqual([from, addDays(from, 1), to].map((d) => `search:events:v1:day:OSL:${d}:0`));
    for (const key of keys) expect(Number(await redisCommand("TTL", key))).toBeLessThanOrEqual(120);
  });

  it("counts a range's days in the events' own popularity set, in one flush, and promotes popular days to KV", async () => {
    // Searched in 10 isolates within one minute (a clock 5 s into it): popular.
    const at = (window() * CACHE_POLICY.popularityWindowSeconds + 5) * 1000;
    const isolate = () => appClient(withRedis, createApp(createIsolateState(() => at)));
    const times = CACHE_POLICY.popularThreshold;
    for (let i = 0; i < times; i++) await searchOk({ place: "OSL", from, to }, isolate());
    const set = `popularity:events:${window(at)}`;
    expect(await redisCommand("ZSCORE", set, `OSL:${from}`)).toBe(String(times));
    expect(await redisCommand("ZSCORE", set, `OSL:${to}`)).toBe(String(times));
    expect(await redisCommand("EXISTS", `popularity:${window(at)}`)).toBe(0);
    const listed = await env.ROUTE_CACHE.list({ prefix: "search:events:v1:day:OSL:" });
    expect(listed.keys.map((k) => k.name).sort()).toEqual(
      [from, addDays(from, 1), to].map((d) => `search:events:v1:day:OSL:${d}:0`),
    );
    const next = await searchOk({ place: "OSL", from, to }, isolate());
    expect(next.meta).toMatchObject({ tier: "kv", cache: { kv: 3 } });
  });

  it("keeps text matches in the isolate's memory only, never in Redis or KV", async () => {
    const client = appClient(withRedis);
    const first = await searchOk({ place: "OSL", from, to, q: "fjord sess" }, client);
    expect(first.data).toHaveLength(3);
    // Three days and one set of text matches (days may come from KV, filled by the test above).
    expect(Object.values(first.meta.cache).reduce((a, b) => a + b, 0)).toBe(4);
    const again = await searchOk({ place: "OSL", from, to, q: "fjord sess" }, client);
    expect(again.meta.cache).toEqual({ memory: 4 });
    expect(await redisCommand("KEYS", "*:text:*")).toEqual([]);
    expect((await env.ROUTE_CACHE.list({ prefix: "search:events:v1:text:" })).keys).toEqual([]);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const client = appClient(env);
    const first = await client(eventsPath({ place: "OSL", from, to }));
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"/);
    const second = await client(eventsPath({ place: "OSL", from, to }), { headers: { "if-none-match": etag } });
    expect(second.status).toBe(304);
  });
});

describe("invalidation by city version", () => {
  it("stops serving cached days of a city at once after a bump, here and in a fresh isolate", async () => {
    const isolate = createIsolateState();
    const client = appClient(env, createApp(isolate));
    expect((await searchOk({ place: "OSL", from, to }, client)).data[0]?.name).toBe("Fjord Session 0");
    await env.DB.prepare("UPDATE events SET name = 'Fjord Session Zero' WHERE id = 'evt_cache_0'").run();
    // Without a bump the change waits for the entries to age out.
    expect((await searchOk({ place: "OSL", from, to }, client)).data[0]?.name).toBe("Fjord Session 0");
    const services = buildServices(env, () => {}, jsonLogger());
    expect(await bumpEventCities(eventVersions(services, isolate), ["OSL"])).toEqual(["scopever:events:OSL"]);
    const after = await searchOk({ place: "OSL", from, to }, client);
    expect(after.meta).toMatchObject({ tier: "origin", cache: { origin: 3 } });
    expect(after.data[0]?.name).toBe("Fjord Session Zero");
    expect((await searchOk({ place: "OSL", from, to, q: "zero" }, client)).data.map((c) => c.id)).toEqual([
      "evt_cache_0",
    ]);
    const elsewhere = await searchOk({ place: "OSL", from, to }, appClient(env));
    expect(elsewhere.data[0]?.name).toBe("Fjord Session Zero");
    await env.DB.prepare("UPDATE events SET name = 'Fjord Session 0' WHERE id = 'evt_cache_0'").run();
    await bumpEventCities(eventVersions(services, isolate), ["OSL"]);
  });

  it("leaves other cities' entries alone", async () => {
    const isolate = createIsolateState();
    const client = appClient(env, createApp(isolate));
    await searchOk({ place: "LON", from, to }, client);
    await bumpEventCities(
      eventVersions(
        buildServices(env, () => {}, jsonLogger()),
        isolate,
      ),
      ["OSL"],
    );
    expect((await searchOk({ place: "LON", from, to }, client)).meta.tier).toBe("memory");
  });
});

describe("freshness of a combined answer", () => {
  it("serves days older than 30 s as stale while refreshing them, and says so", async () => {
    const clock = { now: Date.now() };
    const isolate = createIsolateState(() => clock.now);
    const events = createEventsIsolate(isolate);
    const pending: Promise<unknown>[] = [];
    const services = {
      ...buildServices(withRedis, (p) => pending.push(p), jsonLogger()),
      clock: { now: () => clock.now },
    };
    const search = async (range: { from: string; to: string }) => {
      const result = await searchEvents({
        deps: buildEventSearchDeps(services, isolate, events),
        input: { place: "OSL", ...range, sort: "date", limit: 20 },
      });
      await Promise.all(pending.splice(0));
      if (!result.ok) throw new Error(result.error.detail);
      return result.value;
    };
    const started = clock.now;
    await search({ from, to: addDays(from, 1) });
    clock.now += 35_000;
    // Memory has let the two days go (10 s); Redis still holds them, 35 s old: stale. The third day is new.
    const mixed = await search({ from, to });
    expect(mixed.freshness).toEqual({
      asOf: started,
      servedBy: "origin",
      state: "stale",
      ageSeconds: 35,
      maxStaleSeconds: 120,
    });
    expect(mixed.servedCounts).toEqual({ redis: 2, origin: 1 });
    clock.now += 1_000;
    const refreshed = await search({ from, to });
    expect(refreshed.freshness).toMatchObject({ servedBy: "memory", state: "fresh", ageSeconds: 1 });
    expect(refreshed.servedCounts).toEqual({ memory: 3 });
  });
});
