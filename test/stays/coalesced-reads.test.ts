import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { coalescedKv, coalescedRedis } from "../../src/cache/coalescing-tier";
import { createRedis } from "../../src/cache/redis-client";
import { addDays } from "../../src/lib/time";
import { appClient } from "../support/app-client";
import { countingKv } from "../support/counting-kv";
import { envWithRedis, flushRedis } from "../support/redis";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture, staysQuery } from "../support/stays";

const withRedis = envWithRedis(env);
const checkIn = inDays(15);

beforeAll(async () => {
  await insertFixture(env.DB, {
    properties: [fixtureProperty("prp_co_one", { cityCode: "OSL", currency: "NOK", timezone: "Europe/Oslo" })],
    roomTypes: [fixtureRoomType("rt_co_one", "prp_co_one")],
  });
});
beforeEach(flushRedis);

describe("a stay search's cache reads", () => {
  it("reads a cold 30-night stay's 31 entries from KV in one bulk read, after the city's version", async () => {
    const counted = countingKv();
    const client = appClient({ ...withRedis, ROUTE_CACHE: counted.kv });
    const res = await client(
      staysQuery({ place: "OSL", check_in: checkIn, check_out: addDays(checkIn, 30), adults: 1 }),
    );
    expect((await res.json<{ meta: { tier: string } }>()).meta.tier).toBe("origin");
    expect(counted.reads).toEqual([1, 31]);
  });

  it("answers each key from one KV bulk read and one Redis MGET, misses as null", async () => {
    const keys = Array.from({ length: 31 }, (_, i) => `test:coalesce:${i}`);
    await env.ROUTE_CACHE.put(keys[3] as string, JSON.stringify({ value: "kv", asOf: 1 }));
    const redis = createRedis(withRedis);
    if (!redis) throw new Error("no Redis in the test env");
    await redis.set(keys[5] as string, { value: "redis", asOf: 2 });
    const calls: string[] = [];
    const counting = new Proxy(redis, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return value.apply(target, args);
        };
      },
    });
    const counted = countingKv();
    const [kvTier, redisTier] = [coalescedKv(counted.kv), coalescedRedis(counting)];
    const fromKv = await Promise.all(keys.map((k) => kvTier.get<string>(k)));
    const fromRedis = await Promise.all(keys.map((k) => redisTier.get<string>(k)));
    expect(counted.reads).toEqual([31]);
    expect(calls).toEqual(["mget"]);
    expect(fromKv.map((e, i) => [i, e?.value]).filter(([, v]) => v)).toEqual([[3, "kv"]]);
    expect(fromRedis.map((e, i) => [i, e?.value]).filter(([, v]) => v)).toEqual([[5, "redis"]]);
  });
});
