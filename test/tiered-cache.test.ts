import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { KvTier } from "../src/cache/kv-tier";
import { MemoryTier } from "../src/cache/memory-tier";
import type { CacheEntry, CacheTier } from "../src/cache/tier";
import { type FreshnessPolicy, TieredCache } from "../src/cache/tiered-cache";
import { jsonLogger } from "../src/lib/logger";
import type { SharedWork } from "../src/lib/shared-work";

const policy: FreshnessPolicy = { freshSeconds: 30, maxStaleSeconds: 120 };

interface Harness {
  cache: TieredCache;
  memory: MemoryTier;
  kv: KvTier;
  loads: number;
  clock: { now: number };
  background: Promise<unknown>[];
  settle: () => Promise<void>;
}

let keyCounter = 0;
const freshKey = () => `test:${Date.now()}:${keyCounter++}`;

function harness(extraTiers: CacheTier[] = [], memoryTtlSeconds?: number): Harness {
  const clock = { now: 1_800_000_000_000 };
  const memory = new MemoryTier(10, () => clock.now, memoryTtlSeconds);
  const kv = new KvTier(env.ROUTE_CACHE);
  const background: Promise<unknown>[] = [];
  const h: Harness = {
    memory,
    kv,
    loads: 0,
    clock,
    background,
    cache: new TieredCache({
      tiers: [memory, kv, ...extraTiers],
      policy,
      inflight: new Map(),
      now: () => clock.now,
      waitUntil: (p) => background.push(p),
      log: jsonLogger({ test: true }),
    }),
    settle: async () => {
      while (background.length > 0) await Promise.all(background.splice(0));
    },
  };
  return h;
}

function loader(h: Harness, value: string) {
  return async () => {
    h.loads++;
    return value;
  };
}

const popular = async () => true;
const unpopular = async () => false;

describe("TieredCache", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it("loads a miss from the origin once and then serves it from memory", async () => {
    const key = freshKey();
    const first = await h.cache.get(key, loader(h, "v1"), popular);
    await h.settle();
    const second = await h.cache.get(key, loader(h, "v2"), popular);
    expect(first).toEqual({ value: "v1", asOf: h.clock.now, servedBy: "origin", state: "fresh" });
    expect(second).toEqual({ value: "v1", asOf: h.clock.now, servedBy: "memory", state: "fresh" });
    expect(h.loads).toBe(1);
  });

  it("writes KV only for popular keys", async () => {
    const hot = freshKey();
    const cold = freshKey();
    await h.cache.get(hot, loader(h, "hot"), popular);
    await h.cache.get(cold, loader(h, "cold"), unpopular);
    await h.settle();
    expect(await env.ROUTE_CACHE.get(hot, "json")).toEqual({ value: "hot", asOf: h.clock.now });
    expect(await env.ROUTE_CACHE.get(cold)).toBeNull();
  });

  it("fills memory from a KV hit without another origin load", async () => {
    const key = freshKey();
    const entry: CacheEntry<string> = { value: "from-kv", asOf: h.clock.now - 5_000 };
    await env.ROUTE_CACHE.put(key, JSON.stringify(entry));
    const hit = await h.cache.get(key, loader(h, "origin"), popular);
    await h.settle();
    expect(hit).toEqual({ value: "from-kv", asOf: entry.asOf, servedBy: "kv", state: "fresh" });
    expect(await h.memory.get(key)).toEqual(entry);
    expect(h.loads).toBe(0);
  });

  it("serves a stale entry once and refreshes it in the background", async () => {
    const key = freshKey();
    await h.cache.get(key, loader(h, "old"), popular);
    await h.settle();
    h.clock.now += (policy.freshSeconds + 1) * 1000;
    const stale = await h.cache.get(key, loader(h, "new"), popular);
    expect(stale.value).toBe("old");
    expect(stale.state).toBe("stale");
    await h.settle();
    const refreshed = await h.cache.get(key, loader(h, "newer"), popular);
    expect(refreshed).toEqual({ value: "new", asOf: h.clock.now, servedBy: "memory", state: "fresh" });
    expect(h.loads).toBe(2);
  });

  it("never serves an entry older than maxStaleSeconds", async () => {
    const key = freshKey();
    await env.ROUTE_CACHE.put(key, JSON.stringify({ value: "ancient", asOf: h.clock.now - 121_000 }));
    const result = await h.cache.get(key, loader(h, "fresh"), popular);
    expect(result.servedBy).toBe("origin");
    expect(result.value).toBe("fresh");
  });

  it("makes one origin load for concurrent misses of one key", async () => {
    const key = freshKey();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slowLoad = async () => {
      h.loads++;
      await gate;
      return "once";
    };
    const pending = Array.from({ length: 20 }, () => h.cache.get(key, slowLoad, popular));
    release();
    const results = await Promise.all(pending);
    expect(h.loads).toBe(1);
    expect(new Set(results.map((r) => r.value))).toEqual(new Set(["once"]));
  });

  it("keeps a shared origin load alive with the waitUntil of the request that started it", async () => {
    // Workers cancel a request's I/O when its client disconnects: a load shared with other
    // requests must outlive the request that started it, or they hang on it.
    const key = freshKey();
    const inflight = new Map<string, SharedWork<unknown>>();
    const request = () => {
      const background: Promise<unknown>[] = [];
      const cache = new TieredCache({
        tiers: [new MemoryTier(10, () => h.clock.now)],
        policy,
        inflight,
        now: () => h.clock.now,
        waitUntil: (p) => background.push(p),
        log: jsonLogger({ test: true }),
      });
      return { cache, background };
    };
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const [starter, joiner] = [request(), request()];
    const first = starter.cache.get(key, async () => gate.then(() => "loaded"), unpopular);
    const second = joiner.cache.get(key, async () => "never", unpopular);
    expect(starter.background).toHaveLength(1);
    expect(joiner.background).toHaveLength(0);
    release();
    expect((await second).value).toBe("loaded");
    expect((await first).value).toBe("loaded");
  });

  it("re-reads a memory entry from the tiers below before it expires, serving it meanwhile", async () => {
    const short = harness([], 10);
    const key = freshKey();
    await short.cache.get(key, loader(short, "v1"), popular);
    await short.settle();
    short.clock.now += 7_500;
    expect((await short.cache.get(key, loader(short, "v2"), popular)).servedBy).toBe("memory");
    await short.settle();
    // Past the first entry's lifetime (at most 10 s): still memory, refreshed from KV at 7.5 s.
    short.clock.now += 5_000;
    expect(await short.cache.get(key, loader(short, "v3"), popular)).toMatchObject({ value: "v1", servedBy: "memory" });
    expect(short.loads).toBe(1);
  });

  it("treats a throwing tier as a miss and still answers", async () => {
    const broken: CacheTier = {
      name: "redis",
      get: async () => {
        throw new Error("tier down");
      },
      set: async () => {
        throw new Error("tier down");
      },
    };
    const faulty = harness([broken]);
    const key = freshKey();
    const result = await faulty.cache.get(key, loader(faulty, "ok"), popular);
    await faulty.settle();
    expect(result).toMatchObject({ value: "ok", servedBy: "origin" });
  });
});

describe("MemoryTier", () => {
  it("evicts the least recently used entry beyond its bound", async () => {
    const memory = new MemoryTier(2);
    const hints = { ttlSeconds: 60, popular: false };
    await memory.set("a", { value: 1, asOf: 0 }, hints);
    await memory.set("b", { value: 2, asOf: 0 }, hints);
    await memory.get("a");
    await memory.set("c", { value: 3, asOf: 0 }, hints);
    expect(await memory.get("b")).toBeNull();
    expect(await memory.get("a")).toEqual({ value: 1, asOf: 0 });
    expect(memory.size).toBe(2);
  });

  it("expires entries after their TTL", async () => {
    let now = 0;
    const memory = new MemoryTier(5, () => now);
    await memory.set("k", { value: 1, asOf: 0 }, { ttlSeconds: 10, popular: false });
    now = 9_999;
    expect(await memory.get("k")).not.toBeNull();
    now = 10_000;
    expect(await memory.get("k")).toBeNull();
  });
});
