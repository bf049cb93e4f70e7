import { describe, expect, it } from "vitest";
import { OriginBatch } from "../src/cache/origin-batch";

describe("OriginBatch", () => {
  it("runs the loads of one search together once every key has asked or been answered", async () => {
    const runs: number[][] = [];
    const batch = new OriginBatch<string>(4, async (keys) => {
      runs.push(keys);
      return keys.map((k) => `v${k}`);
    });
    const first = batch.load(0);
    batch.settled(1); // a tier answered key 1
    const third = batch.load(3);
    expect(runs).toEqual([]);
    const second = batch.load(2);
    expect(await Promise.all([first, second, third])).toEqual(["v0", "v2", "v3"]);
    expect(runs).toEqual([[0, 3, 2]]);
    // A later load (a stale entry's background refresh) runs alone.
    expect(await batch.load(1)).toBe("v1");
    expect(runs).toEqual([[0, 3, 2], [1]]);
  });

  it("fails every waiting load when the batch fails, and counts a key once however it settles", async () => {
    const batch = new OriginBatch<string>(2, () => Promise.reject(new Error("D1 down")));
    const a = batch.load(0);
    batch.settled(0);
    const b = batch.load(1);
    await expect(a).rejects.toThrow("D1 down");
    await expect(b).rejects.toThrow("D1 down");
  });

  it("does nothing when every key was answered by a tier", () => {
    let ran = false;
    const batch = new OriginBatch<string>(2, async () => {
      ran = true;
      return [];
    });
    batch.settled(0);
    batch.settled(1);
    expect(ran).toBe(false);
  });
});
