import { describe, expect, it } from "vitest";
import { PopularityBuffer } from "../src/cache/popularity-buffer";

/** A Redis stand-in that adds counts and remembers each batch it was sent. */
function counter() {
  const totals = new Map<string, number>();
  const batches: Map<string, number>[] = [];
  const send = async (batch: ReadonlyMap<string, number>) => {
    batches.push(new Map(batch));
    for (const [m, n] of batch) totals.set(m, (totals.get(m) ?? 0) + n);
    return new Map([...batch.keys()].map((m) => [m, totals.get(m) ?? 0]));
  };
  return { send, batches, totals };
}

describe("the per-isolate popularity buffer", () => {
  it("sends a range of new members in one batch, then buffers until the flush interval", async () => {
    const clock = { now: 0 };
    const buffer = new PopularityBuffer(5_000, 3, () => clock.now);
    const redis = counter();
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
    const redis = counter();
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
