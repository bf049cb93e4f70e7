import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RETENTION_POLICY } from "../src/inventory/policy";
import { inventoryObject, openInventory, seatHold, withInventory } from "./support/inventory";

const FARES = [{ cabin: "economy" as const, capacity: 6, priceMinor: 10_000 }];
const DEPARTS_AT = Math.floor(Date.now() / 1000) + 2 * 86_400;
/** With no hold pending, the one alarm is the object's retirement, a week after departure. */
const RETIREMENT = (DEPARTS_AT + RETENTION_POLICY.afterCloseSeconds) * 1000;

const place = (departureId: string, holdId: string, ttlSeconds: number, seats = 1) =>
  seatHold(departureId, holdId, seats, "economy", ttlSeconds);

/** Reads the object's tables and alarm directly, without a call that would sweep due holds first. */
function peek(departureId: string) {
  return withInventory(departureId, async (_object, state) => {
    const holds = state.storage.sql.exec<{ id: string; status: string }>("SELECT id, status FROM holds ORDER BY id");
    const fare = state.storage.sql.exec<{ held: number }>("SELECT held FROM pools").one();
    return {
      holds: Object.fromEntries([...holds].map((h) => [h.id, h.status])),
      held: fare.held,
      alarm: await state.storage.getAlarm(),
    };
  });
}

describe("hold expiry", () => {
  it("keeps one alarm at the earliest pending deadline as holds come and go, else at retirement", async () => {
    const { departureId, clock, inventory } = await openInventory("arm", { fares: FARES, departsAt: DEPARTS_AT });
    const start = clock.now();
    await inventory.placeHold(place(departureId, "hld_late", 900));
    expect((await peek(departureId)).alarm).toBe(start + 900_000);
    await inventory.placeHold(place(departureId, "hld_early", 120));
    expect((await peek(departureId)).alarm).toBe(start + 120_000);
    await inventory.releaseHold("hld_early", "done");
    expect((await peek(departureId)).alarm).toBe(start + 900_000);
    await inventory.confirmHold("hld_late", "bkg_1");
    expect((await peek(departureId)).alarm).toBe(RETIREMENT);
  });

  it("expires every due hold when the alarm runs, returns the seats and re-arms for the next", async () => {
    const { departureId, clock, inventory } = await openInventory("alarm", { fares: FARES, departsAt: DEPARTS_AT });
    const start = clock.now();
    await inventory.placeHold(place(departureId, "hld_1", 60, 2));
    await inventory.placeHold(place(departureId, "hld_2", 90, 1));
    await inventory.placeHold(place(departureId, "hld_3", 600, 3));
    clock.advance(95_000);
    expect(await runDurableObjectAlarm(inventoryObject(departureId))).toBe(true);
    expect(await peek(departureId)).toEqual({
      holds: { hld_1: "expired", hld_2: "expired", hld_3: "held" },
      held: 3,
      alarm: start + 600_000,
    });
    const expired = (await inventory.ledger()).filter((e) => e.kind === "hold_expired");
    expect(expired.map((e) => [e.holdId, e.heldDelta, e.reason])).toEqual([
      ["hld_1", -2, "deadline passed"],
      ["hld_2", -1, "deadline passed"],
    ]);
    clock.advance(600_000);
    expect(await runDurableObjectAlarm(inventoryObject(departureId))).toBe(true);
    expect(await peek(departureId)).toEqual({
      holds: { hld_1: "expired", hld_2: "expired", hld_3: "expired" },
      held: 0,
      alarm: RETIREMENT,
    });
  });

  it("refuses to confirm a hold whose deadline passed even though the alarm has not run", async () => {
    const { departureId, clock, inventory } = await openInventory("late", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_a", 60, 2));
    clock.advance(60_000);
    expect((await peek(departureId)).holds).toEqual({ hld_a: "held" });
    expect(await inventory.confirmHold("hld_a", "bkg_1")).toEqual({
      ok: false,
      error: { code: "HOLD_EXPIRED", detail: "Hold hld_a has expired." },
    });
    expect(await inventory.getHold("hld_a")).toMatchObject({ status: "expired", bookingId: null });
    expect((await inventory.availability())[0]).toMatchObject({ held: 0, available: 6 });
  });

  it("refuses to extend an expired hold, and releasing it is a harmless replay", async () => {
    const { departureId, clock, inventory } = await openInventory("gone", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_a", 60));
    clock.advance(61_000);
    expect(await inventory.extendHold("hld_a", 300)).toEqual({
      ok: false,
      error: { code: "HOLD_EXPIRED", detail: "Hold hld_a has expired." },
    });
    const released = await inventory.releaseHold("hld_a", "too late");
    expect(released.ok && released.value.status).toBe("expired");
  });

  it("expires an extended hold at its new deadline, not the old one", async () => {
    const { departureId, clock, inventory } = await openInventory("ext", { fares: FARES });
    const start = clock.now();
    await inventory.placeHold(place(departureId, "hld_a", 60));
    await inventory.extendHold("hld_a", 120);
    expect((await peek(departureId)).alarm).toBe(start + 180_000);
    clock.advance(100_000);
    await runDurableObjectAlarm(inventoryObject(departureId));
    expect((await peek(departureId)).holds).toEqual({ hld_a: "held" });
    const confirmed = await inventory.confirmHold("hld_a", "bkg_1");
    expect(confirmed.ok && confirmed.value.status).toBe("confirmed");
  });
});
