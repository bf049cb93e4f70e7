import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../bench/mix.ts";
import { PopularityBuffer } from "../src/cache/popularity-buffer";

/** Redis as the buffer sees it: totals per member, the batches and the commands (one per member) it was sent. */
function fakeRedis() {
  const totals = new Map<string, number>();
  const state = { commands: 0, sends: 0 };
  const batches: Map<string, number>[] = [];
  const send = async (batch: ReadonlyMap<string, number>) => {
    batches.push(new Map(batch));
    state.sends++;
    state.commands += batch.size;
    for (const [member, n] of batch) totals.set(member, (totals.get(member) ?? 0) + n);
    return new Map([...batch.keys()].map((m) => [m, totals.get(m) ?? 0]));
  };
  return { totals, state, batches, send };
}

describe("the popularity buffer", () => {
  it("sends an isolate's first search of a route-day at once, and only that route-day", async () => {
    const clock = { now: 0 };
    const buffer = new PopularityBuffer(
      5_000,
      3,
      () => clock.now,
      8,
      () => 0,
    );
    const redis = fakeRedis();
    redis.totals.set("a", 2);
    expect(await buffer.record("a", redis.send)).toBe(3);
    expect(await buffer.record("b", redis.send)).toBe(1);
    expect(redis.state).toEqual({ commands: 2, sends: 2 });
  });

  it("costs a long tail at most one command per eight searches, with the same expected totals", async () => {
    const clock = { now: 0 };
    const buffer = new PopularityBuffer(5_000, 3, () => clock.now, 8, mulberry32(3));
    const redis = fakeRedis();
    const members = Array.from({ length: 400 }, (_, i) => `route-${i}`);
    // Every member seen once first (one command each), then a tail of searches, two per member per interval.
    for (const m of members) await buffer.record(m, redis.send);
    const before = redis.state.commands;
    let searches = 0;
    for (let interval = 0; interval < 20; interval++) {
      clock.now += 5_000;
      for (const m of [...members, ...members]) {
        await buffer.record(m, redis.send);
        searches++;
      }
    }
    clock.now += 5_000;
    await buffer.record("route-0", redis.send);
    const commands = redis.state.commands - before;
    expect(commands).toBeLessThanOrEqual(searches / 8 + 400);
    expect(commands).toBeLessThan(searches / 3);
    // Sampled, not lost: the total over the tail stays close to what was searched.
    const counted = members.reduce((n, m) => n + (redis.totals.get(m) ?? 0), 0);
    expect(counted / (searches + 400)).toBeGreaterThan(0.9);
    expect(counted / (searches + 400)).toBeLessThan(1.1);
  });

  it("counts a route-day searched at least eight times in an interval exactly", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 8, max: 60 }), async (n) => {
        const clock = { now: 0 };
        const buffer = new PopularityBuffer(
          5_000,
          1_000,
          () => clock.now,
          8,
          () => 0.999,
        );
        const redis = fakeRedis();
        await buffer.record("hot", redis.send);
        for (let i = 0; i < n - 1; i++) await buffer.record("hot", redis.send);
        clock.now += 5_000;
        await buffer.record("hot", redis.send);
        expect(redis.totals.get("hot")).toBe(n + 1);
      }),
    );
  });

  it("sends a range of new members in one batch, then buffers until the flush interval", async () => {
    const clock = { now: 0 };
    // Every count exact (exactFrom 1): this test is about when a batch is sent, not about sampling.
    const buffer = new PopularityBuffer(5_000, 3, () => clock.now, 1);
    const redis = fakeRedis();
    const days = ["LON:2026-12-01", "LON:2026-12-02", "LON:2026-12-03"];
    expect(await buffer.recordAll(days, redis.send)).toEqual(new Map(days.map((d) => [d, 1])));
    expect(redis.batches).toHaveLength(1);
    // Known members, under the threshold, inside the interval: estimates, nothing sent.
    expect(await buffer.recordAll(days.slice(0, 2), redis.send)).toEqual(new Map(days.slice(0, 2).map((d) => [d, 2])));
    expect(redis.batches).toHaveLength(1);
    clock.now += 5_000;
    await buffer.recordAll(days.slice(2), redis.send);
    expect(redis.batches).toHaveLength(2);
    expect(redis.batches[1]).toEqual(
      new Map([
        ["LON:2026-12-01", 1],
        ["LON:2026-12-02", 1],
        ["LON:2026-12-03", 1],
      ]),
    );
  });

  it("sends at once the search that makes a member popular", async () => {
    const buffer = new PopularityBuffer(5_000, 3, () => 0);
    const redis = fakeRedis();
    await buffer.record("PAR:2026-12-01", redis.send);
    expect(await buffer.record("PAR:2026-12-01", redis.send)).toBe(2);
    expect(redis.batches).toHaveLength(1);
    expect(await buffer.recordAll(["PAR:2026-12-01", "PAR:2026-12-02"], redis.send)).toEqual(
      new Map([
        ["PAR:2026-12-01", 3],
        ["PAR:2026-12-02", 1],
      ]),
    );
    expect(redis.batches).toHaveLength(2);
    expect(redis.totals.get("PAR:2026-12-01")).toBe(3);
  });
});
