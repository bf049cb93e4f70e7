import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { isolateTotals, meterBindings } from "../bench/entry/metering";
import { returnUnits } from "../src/bookings/cancel-booking";
import { newHoldId } from "../src/holds/hold-id";
import { RETENTION_POLICY } from "../src/inventory/policy";
import { InventoryObject } from "../workers/inventory-object";
import { api, appClient } from "./support/app-client";
import { pendingBooking } from "./support/bookings";
import {
  applyCabinChange,
  inventoryObject,
  openInventory,
  seatHold,
  seedDeparture,
  uniqueDepartureId,
  withInventory,
} from "./support/inventory";

const _API = "https://edgefare.test";
const DAY = 86_400_000;
const RETENTION = RETENTION_POLICY.afterCloseSeconds * 1000;
const FARES = [{ cabin: "economy" as const, capacity: 5, priceMinor: 10_000 }];

/** What the object keeps: its tables (SQLite's own excluded), its alarm, and its database size. */
function stored(departureId: string) {
  return withInventory(departureId, async (_object, state) => ({
    tables: state.storage.sql
      .exec<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'",
      )
      .toArray()
      .map((r) => r.name),
    alarm: await state.storage.getAlarm(),
    bytes: state.storage.sql.databaseSize,
  }));
}

const NOTHING = { tables: [], alarm: null, bytes: expect.any(Number) };

const place = (departureId: string, holdId: string) => seatHold(departureId, holdId);

describe("an object that finds nothing keeps nothing", () => {
  it("answers a hold on an unknown departure with 404, and its object stores nothing", async () => {
    const ghost = uniqueDepartureId("ghost");
    const res = await api(`/v1/holds`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ departure_id: ghost, cabin: "economy", passengers: 1 }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "DEPARTURE_NOT_FOUND" });
    const after = await stored(ghost);
    expect(after).toEqual(NOTHING);
    // A fresh object's size: the figure every other "nothing stored" is compared with.
    expect(after.bytes).toBe((await stored(uniqueDepartureId("never-called"))).bytes);
  });

  it("answers invented hold ids on a real departure with 404 without loading it or storing anything", async () => {
    const departureId = await seedDeparture("invented-hold");
    const id = newHoldId(departureId);
    const calls: [string, RequestInit][] = [
      [`/v1/holds/${id}`, {}],
      [`/v1/holds/${id}`, { method: "DELETE" }],
      [`/v1/holds/${id}/extend`, { method: "POST" }],
    ];
    for (const [path, init] of calls) {
      const res = await api(`${path}`, init);
      expect(res.status, `${init.method ?? "GET"} ${path}`).toBe(404);
      expect(await res.json()).toMatchObject({ code: "HOLD_NOT_FOUND" });
    }
    expect(await stored(departureId)).toEqual(NOTHING);
  });

  it("wakes no object at all for a hold id or a hold body that cannot name a departure", async () => {
    const client = appClient(meterBindings(env));
    isolateTotals(true);
    for (const name of ["not-a-departure", "dep_x", "dép_accentué"]) {
      expect((await client(`/v1/holds/${newHoldId(name)}`)).status).toBe(404);
    }
    const body = await client("/v1/holds", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ departure_id: "../../admin", cabin: "economy", passengers: 1 }),
    });
    expect(body.status).toBe(400);
    expect(await body.json()).toMatchObject({
      code: "VALIDATION_FAILED",
      errors: [{ field: "departure_id", message: "dep_ followed by 4 to 60 letters, digits, _ or -" }],
    });
    // The metrics summary object may be flushed to meanwhile: no inventory object is woken.
    expect(isolateTotals(true)["do_calls:INVENTORY"] ?? 0).toBe(0);
  });

  it("answers a departure that left or was cancelled before its first hold without storing it", async () => {
    const departed = await seedDeparture("left-unheld", {
      fares: FARES,
      departsAt: Math.floor(Date.now() / 1000) - 60,
    });
    const cancelled = await seedDeparture("cancelled-unheld", { fares: FARES });
    await env.DB.prepare("UPDATE departures SET status = 'cancelled' WHERE id = ?").bind(cancelled).run();
    for (const [departureId, code] of [
      [departed, "DEPARTURE_DEPARTED"],
      [cancelled, "DEPARTURE_CANCELLED"],
    ] as const) {
      const inventory = inventoryObject(departureId);
      expect(await inventory.placeHold(place(departureId, "hld_x"))).toMatchObject({ ok: false, error: { code } });
      expect(await inventory.availability()).toEqual([
        {
          pool: "economy",
          label: "Economy",
          capacity: 5,
          held: 0,
          sold: 0,
          available: 0,
          priceMinor: 10_000,
          currency: "EUR",
        },
      ]);
      expect(await stored(departureId)).toEqual(NOTHING);
    }
    // Cancelling a departure that left with nothing sold moves no seats and stores nothing either.
    const inventory = inventoryObject(departed);
    expect(await applyCabinChange(inventory, { cancelDeparture: true, reason: "storm" })).toMatchObject({ ok: true });
    expect(await applyCabinChange(inventory, { cabin: "economy", priceMinor: 1, reason: "late" })).toMatchObject({
      ok: false,
      error: { code: "DEPARTURE_DEPARTED" },
    });
    expect(await stored(departed)).toEqual(NOTHING);
  });
});

describe("retirement after departure", () => {
  it("deletes everything a week after departure, then answers without storing anything again", async () => {
    const departsAt = Math.floor(Date.now() / 1000) + 3600;
    const { departureId, clock, inventory } = await openInventory("retire", { fares: FARES, departsAt });
    await inventory.placeHold(place(departureId, "hld_sold"));
    await inventory.confirmHold("hld_sold", "bkg_1");
    await inventory.placeHold(place(departureId, "hld_left_held"));
    expect(await stored(departureId)).toMatchObject({ tables: ["unit", "pools", "holds", "ledger"] });

    clock.advance(3600_000 + RETENTION - 1000);
    // Not yet: the alarm expires the held hold, keeps everything and points at the retirement.
    expect(await runDurableObjectAlarm(inventoryObject(departureId))).toBe(true);
    expect(await stored(departureId)).toMatchObject({ tables: expect.any(Array), alarm: departsAt * 1000 + RETENTION });
    expect((await stored(departureId)).tables).toHaveLength(4);
    clock.advance(2000);
    expect(await runDurableObjectAlarm(inventoryObject(departureId))).toBe(true);
    expect(await stored(departureId)).toEqual(NOTHING);

    // Late callers get sensible answers, and nothing comes back.
    expect(await inventory.getHold("hld_sold")).toBeNull();
    expect(await inventory.cancelHold("hld_sold", "late refund")).toEqual({
      ok: false,
      error: { code: "HOLD_NOT_FOUND", detail: "No hold hld_sold on this departure." },
    });
    expect(await inventory.confirmHold("hld_left_held", "bkg_2")).toMatchObject({ error: { code: "HOLD_NOT_FOUND" } });
    expect(await inventory.placeHold(place(departureId, "hld_new"))).toMatchObject({
      error: { code: "DEPARTURE_DEPARTED" },
    });
    expect(await inventory.ledger()).toEqual([]);
    expect(await stored(departureId)).toEqual(NOTHING);
    expect(await runDurableObjectAlarm(inventoryObject(departureId))).toBe(false);
  });

  it("arms the retirement of an object stored before retirement existed the first time it wakes", async () => {
    const departsAt = Math.floor(Date.now() / 1000) + 3600;
    const { departureId, inventory } = await openInventory("retire-legacy", { fares: FARES, departsAt });
    await inventory.placeHold(place(departureId, "hld_sold"));
    await inventory.confirmHold("hld_sold", "bkg_1");
    // As an older version left it: tables, no alarm. Then a new instance starts on that storage.
    await withInventory(departureId, async (_object, state) => {
      await state.storage.deleteAlarm();
      new InventoryObject(state, env);
    });
    expect((await stored(departureId)).alarm).toBe(departsAt * 1000 + RETENTION);
  });

  it("waits while sold seats of a cancelled departure are not refunded yet, then retires", async () => {
    const departsAt = Math.floor(Date.now() / 1000) + 3600;
    const { departureId, clock, inventory } = await openInventory("retire-stranded", { fares: FARES, departsAt });
    await inventory.placeHold(place(departureId, "hld_sold"));
    await inventory.confirmHold("hld_sold", "bkg_1");
    await applyCabinChange(inventory, { cancelDeparture: true, reason: "strike" });

    clock.advance(3600_000 + RETENTION + 1000);
    expect(await runDurableObjectAlarm(inventoryObject(departureId))).toBe(true);
    const waiting = await stored(departureId);
    expect(waiting.tables).toHaveLength(4);
    expect(waiting.alarm).toBe(clock.now() + DAY);

    await inventory.cancelHold("hld_sold", "refunded");
    clock.advance(DAY);
    expect(await runDurableObjectAlarm(inventoryObject(departureId))).toBe(true);
    expect(await stored(departureId)).toEqual(NOTHING);
  });

  it("lets a refund after retirement complete: there are no seats left to return", async () => {
    const { booking, departureId, clock, deps } = await pendingBooking("retire-refund", "tok_success");
    clock.advance(4 * DAY + RETENTION);
    expect(await runDurableObjectAlarm(inventoryObject(departureId))).toBe(true);
    expect(await stored(departureId)).toEqual(NOTHING);
    expect(await returnUnits(deps, booking)).toBe(true);
    expect(await stored(departureId)).toEqual(NOTHING);
  });
});
