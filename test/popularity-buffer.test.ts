import { describe, expect, it } from "vitest";
import { PopularityBuffer } from "../src/cache/popularity-buffer";

describe("PopularityBuffer.recordAll", () => {
  it("sends a stay's nights in one flush, then buffers until a night becomes popular or the interval passes", async () => {
    const clock = { now: 0 };
    const buffer = new PopularityBuffer(5_000, 3, () => clock.now);
    const global = new Map<string, number>();
    const sent: Record<string, number>[] = [];
    const send = async (batch: ReadonlyMap<string, number>) => {
      sent.push(Object.fromEntries(batch));
      for (const [m, n] of batch) global.set(m, (global.get(m) ?? 0) + n);
      return new Map([...batch.keys()].map((m) => [m, global.get(m) ?? 0]));
    };
    expect(await buffer.recordAll(["a", "b"], send)).toEqual(
      new Map([
        ["a", 1],
        ["b", 1],
      ]),
    );
    expect(sent).toEqual([{ a: 1, b: 1 }]);
    expect(await buffer.recordAll(["a", "b"], send)).toEqual(
      new Map([
        ["a", 2],
        ["b", 2],
      ]),
    );
    expect(sent).toHaveLength(1);
    // The third search makes both popular: sent at once so the KV decision sees it.
    expect(await buffer.recordAll(["a", "b"], send)).toEqual(
      new Map([
        ["a", 3],
        ["b", 3],
      ]),
    );
    expect(sent).toEqual([
      { a: 1, b: 1 },
      { a: 2, b: 2 },
    ]);
    await buffer.recordAll(["a"], send);
    expect(sent).toHaveLength(2);
    clock.now = 5_000;
    await buffer.recordAll(["b"], send);
    expect(sent.at(-1)).toEqual({ a: 1, b: 1 });
  });
});
