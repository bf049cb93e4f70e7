import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cancelBooking } from "../src/bookings/cancel-booking";
import { type BookingItem, itemsOf } from "../src/bookings/items";
import { engineCronTasks } from "../src/cron/table";
import { createDb } from "../src/db/client";
import { productHooks } from "../src/http/product-hooks";
import { jsonLogger } from "../src/lib/logger";
import type { ProductModule } from "../src/products/module";
import { bookingRow, deliver, pendingBooking } from "./support/bookings";
import { hooksOf, withDepartures } from "./support/product-spies";

const MINUTE = 60_000;

/** Departures' onItemCancelled fails its first call (a Worker that dies, a product's outage), then works. */
function flakyModules() {
  const calls: { item: BookingItem; failed: boolean }[] = [];
  const modules = withDepartures({
    onItemCancelled: async (_deps, item) => {
      const failed = calls.length === 0;
      calls.push({ item, failed });
      if (failed) throw new Error("product unreachable");
    },
  });
  return { calls, modules };
}

/** Every task of the five-minute trigger, as workers/scheduled.ts runs them, at `now`. */
async function runFiveMinuteCron(modules: ProductModule[], now: number) {
  const tasks = engineCronTasks((e, at) => productHooks(e, at, modules)).reconcile ?? [];
  const db = createDb(env.DB);
  const log = jsonLogger({ test: true });
  const results: Record<string, Record<string, unknown>> = {};
  for (const task of tasks) results[task.name] = await task.run({ env, db, log, now });
  return results;
}

const announcedAt = (itemId: string) =>
  env.DB.prepare("SELECT cancel_announced_at AS at FROM booking_items WHERE id = ?")
    .bind(itemId)
    .first<{ at: number | null }>()
    .then((r) => r?.at ?? null);

describe("a product's onItemCancelled that failed", () => {
  it("is called again by the five-minute cron once the cancellation is a few minutes old, then never again", async () => {
    const s = await pendingBooking("announce-retry", "tok_success");
    await deliver(s.payments.sent, 1, s.deps);
    const { calls, modules } = flakyModules();
    const deps = { ...s.deps, products: hooksOf(modules) };
    expect((await cancelBooking({ deps, input: { reference: s.booking.reference, familyName: "Tester" } })).ok).toBe(
      true,
    );
    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "cancelled" });
    const [item] = await itemsOf(deps, s.booking.id);
    if (!item) throw new Error("no item");
    expect(calls.map((c) => [c.item.id, c.failed])).toEqual([[item.id, true]]);
    expect(await announcedAt(item.id)).toBeNull();

    // A cancellation in flight may still be announcing: the sweep waits a few minutes.
    await runFiveMinuteCron(modules, Date.now() + MINUTE);
    expect(calls).toHaveLength(1);

    const later = Date.now() + 10 * MINUTE;
    expect((await runFiveMinuteCron(modules, later)).announceCancelledItems).toEqual({ announced: 1, failed: 0 });
    expect(calls.map((c) => [c.item.id, c.item.status, c.failed])).toEqual([
      [item.id, "cancelled", true],
      [item.id, "cancelled", false],
    ]);
    expect(await announcedAt(item.id)).toBe(Math.floor(later / 1000));

    expect((await runFiveMinuteCron(modules, later + 5 * MINUTE)).announceCancelledItems).toEqual({
      announced: 0,
      failed: 0,
    });
    expect(calls).toHaveLength(2);
  });
});
