import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../bench/mix.ts";
import { PopularityBuffer } from "../src/cache/popularity-buffer";

/** Redis as the buffer sees it: totals per member, and the commands (one per member) it was sent. */
function fakeRedis() {
  const totals = new Map<string, number>();
  const state = { commands: 0, sends: 0 };
  const send = async (batch: ReadonlyMap<string, number>) => {
    state.sends++;
    state.commands += batch.size;
    for (const [member, n] of batch) totals.set(member, (totals.get(member) ?? 0) + n);
    return new Map([...batch.keys()].map((m) => [m, totals.get(m) ?? 0]));
  };
  return { totals, state, send };
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
});
