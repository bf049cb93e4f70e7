import { describe, expect, it } from "vitest";
import { overdue, SharedWork } from "../src/lib/shared-work";

describe("work one request shares with the others of its isolate", () => {
  it("answers a joining request with the work's value, waking it only by its own sleeps", async () => {
    let finish!: (v: string) => void;
    const work = new SharedWork(new Promise<string>((r) => (finish = r)));
    const naps: number[] = [];
    const joined = work.join(1_000, async (ms) => {
      naps.push(ms);
      if (naps.length === 2) finish("done");
    });
    expect(await joined).toBe("done");
    expect(naps.slice(0, 2)).toEqual([1, 2]);
  });

  it("throws the work's error to a joining request", async () => {
    const work = new SharedWork(Promise.reject(new Error("origin down")));
    await expect(work.join(1_000, async () => {})).rejects.toThrow("origin down");
  });

  it("tells a joining request the work is overdue when it never settles (its request vanished)", async () => {
    const work = new SharedWork(new Promise<string>(() => {}));
    let slept = 0;
    expect(
      await work.join(50, async (ms) => {
        slept += ms;
      }),
    ).toBe(overdue);
    expect(slept).toBeGreaterThanOrEqual(50);
    expect(slept).toBeLessThan(60);
  });
});
