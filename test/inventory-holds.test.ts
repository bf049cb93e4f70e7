import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { inventoryStub } from "../src/inventory/stub";
import { openInventory } from "./support/inventory";

const FARES = [
  { cabin: "economy" as const, capacity: 5, priceMinor: 10_000 },
  { cabin: "business" as const, capacity: 2, priceMinor: 40_000 },
];

const place = (departureId: string, holdId: string, seats = 2, cabin = "economy", ttlSeconds = 600) => ({
  holdId,
  unitId: departureId,
  lines: [{ pool: cabin, quantity: seats }],
  ttlSeconds,
});

describe("placing holds", () => {
  it("holds seats at the current price and takes them out of availability", async () => {
    const { departureId, clock, inventory } = await openInventory("place", { fares: FARES });
    const placed = await inventory.placeHold(place(departureId, "hld_a", 2));
    expect(placed).toEqual({
      ok: true,
      value: {
        holdId: "hld_a",
        unitId: departureId,
        product: "departures",
        lines: [
          {
            pool: "economy",
            label: "Economy",
            quantity: 2,
            unitPriceMinor: 10_000,
            totalMinor: 20_000,
            refundPolicy: [{ before: expect.any(Number), refundBps: 10_000 }],
          },
        ],
        totalMinor: 20_000,
        currency: "EUR",
        status: "held",
        expiresAt: clock.now() + 600_000,
        extended: false,
        bookingId: null,
        createdAt: clock.now(),
        context: {},
      },
    });
    const economy = (await inventory.availability()).find((f) => f.pool === "economy");
    expect(economy).toEqual({
      pool: "economy",
      label: "Economy",
      capacity: 5,
      held: 2,
      sold: 0,
      available: 3,
      priceMinor: 10_000,
      currency: "EUR",
    });
  });

  it("refuses more seats than are left and says how many remain", async () => {
    const { departureId, inventory } = await openInventory("short", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_a", 1, "business"));
    expect(await inventory.placeHold(place(departureId, "hld_b", 2, "business"))).toEqual({
      ok: false,
      error: {
        code: "INSUFFICIENT_SEATS",
        detail: "Only 1 business seats left.",
        extra: { lines: [{ pool: "business", requested: 2, left: 1 }] },
      },
    });
  });

  it("answers a replay with the same hold and takes no more seats", async () => {
    const { departureId, inventory } = await openInventory("replay", { fares: FARES });
    const first = await inventory.placeHold(place(departureId, "hld_a", 2));
    const ledgerBefore = await inventory.ledger();
    expect(await inventory.placeHold(place(departureId, "hld_a", 2))).toEqual(first);
    expect(await inventory.ledger()).toEqual(ledgerBefore);
    expect((await inventory.availability()).find((f) => f.pool === "economy")?.held).toBe(2);
  });

  it("refuses a hold id reused with other terms", async () => {
    const { departureId, inventory } = await openInventory("reuse", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_a", 2));
    expect(await inventory.placeHold(place(departureId, "hld_a", 3))).toEqual({
      ok: false,
      error: { code: "HOLD_ID_CONFLICT", detail: "Hold hld_a was placed with other terms." },
    });
  });

  it("refuses cabins the departure does not sell and out-of-range requests", async () => {
    const { departureId, inventory } = await openInventory("bad", { fares: FARES });
    const refused = async (input: ReturnType<typeof place>) => {
      const result = await inventory.placeHold(input);
      return result.ok ? "placed" : result.error.code;
    };
    expect(await refused(place(departureId, "hld_1", 2, "first"))).toBe("FARE_CLASS_NOT_FOUND");
    expect(await refused(place(departureId, "hld_2", 2, "economy", 59))).toBe("INVALID_HOLD_TTL");
    expect(await refused(place(departureId, "hld_3", 2, "economy", 1801))).toBe("INVALID_HOLD_TTL");
    expect(await refused(place(departureId, "hld_4", 0))).toBe("INVALID_PASSENGERS");
    expect(await refused(place(departureId, "hld_5", 10))).toBe("INVALID_PASSENGERS");
    expect(await refused({ ...place(departureId, "hld_6"), unitId: "dep_other" })).toBe("VALIDATION_FAILED");
    expect(await inventory.ledger()).toHaveLength(2);
  });

  it("refuses a departure that does not exist in D1", async () => {
    const ghost = inventoryStub(env, "dep_ghost_never_seeded");
    expect(await ghost.placeHold(place("dep_ghost_never_seeded", "hld_x"))).toEqual({
      ok: false,
      error: { code: "DEPARTURE_NOT_FOUND", detail: "Departure dep_ghost_never_seeded does not exist." },
    });
    expect(await ghost.getHold("hld_x")).toBeNull();
    expect(await ghost.availability()).toEqual([]);
    expect(await ghost.ledger()).toEqual([]);
  });

  it("refuses a departure cancelled in D1 before the object first loaded it", async () => {
    const { departureId, inventory } = await openInventory("cancelled", { fares: FARES });
    await env.DB.prepare("UPDATE departures SET status = 'cancelled' WHERE id = ?").bind(departureId).run();
    expect(await inventory.placeHold(place(departureId, "hld_a"))).toEqual({
      ok: false,
      error: { code: "DEPARTURE_CANCELLED", detail: "The departure is cancelled." },
    });
    expect((await inventory.availability()).map((f) => f.available)).toEqual([0, 0]);
  });

  it("refuses departures that have left", async () => {
    const departsAt = Math.floor(Date.now() / 1000) - 60;
    const { departureId, inventory } = await openInventory("left", { fares: FARES, departsAt });
    expect(await inventory.placeHold(place(departureId, "hld_a"))).toEqual({
      ok: false,
      error: { code: "DEPARTURE_DEPARTED", detail: "The departure has already left." },
    });
  });
});

describe("extending, releasing, confirming and cancelling", () => {
  it("extends a hold once, from its deadline, and answers a repeat unchanged", async () => {
    const { departureId, clock, inventory } = await openInventory("extend", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_a"));
    const extended = await inventory.extendHold("hld_a", 300);
    expect(extended.ok && extended.value).toMatchObject({ extended: true, expiresAt: clock.now() + 900_000 });
    expect(await inventory.extendHold("hld_a", 300)).toEqual(extended);
    expect(await inventory.extendHold("hld_a", 600)).toEqual({
      ok: false,
      error: {
        code: "HOLD_ALREADY_EXTENDED",
        detail: "A hold can be extended once.",
        extra: { expires_at: clock.now() + 900_000 },
      },
    });
  });

  it("refuses to extend a hold that is no longer held, the same way whether or not it was extended before", async () => {
    const { departureId, clock, inventory } = await openInventory("extend-ended", { fares: FARES });
    const refusals: Record<string, unknown[]> = {};
    const end: Record<string, (holdId: string) => Promise<unknown>> = {
      released: (id) => inventory.releaseHold(id, "changed mind"),
      confirmed: (id) => inventory.confirmHold(id, `bkg_${id}`),
      cancelled: async (id) => {
        await inventory.confirmHold(id, `bkg_${id}`);
        return inventory.cancelHold(id, "refund");
      },
    };
    for (const [state, finish] of Object.entries(end)) {
      for (const extendedBefore of [false, true]) {
        const holdId = `hld_${state}_${extendedBefore}`;
        await inventory.placeHold(place(departureId, holdId, 1));
        if (extendedBefore) await inventory.extendHold(holdId, 300);
        await finish(holdId);
        refusals[state] = [...(refusals[state] ?? []), await inventory.extendHold(holdId, 300)];
      }
    }
    const conflict = (status: string) => ({
      ok: false,
      error: {
        code: "HOLD_STATE_CONFLICT",
        detail: `A ${status} hold cannot be extended.`,
        extra: { hold_status: status },
      },
    });
    expect(refusals).toEqual({
      released: [conflict("released"), conflict("released")],
      confirmed: [conflict("confirmed"), conflict("confirmed")],
      cancelled: [conflict("cancelled"), conflict("cancelled")],
    });

    await inventory.placeHold(place(departureId, "hld_plain", 1));
    await inventory.placeHold(place(departureId, "hld_extended", 1));
    await inventory.extendHold("hld_extended", 300);
    clock.advance(900_001);
    const expired = { ok: false, error: { code: "HOLD_EXPIRED", detail: expect.stringMatching(/has expired/) } };
    expect(await inventory.extendHold("hld_plain", 300)).toEqual(expired);
    expect(await inventory.extendHold("hld_extended", 300)).toEqual(expired);
  });

  it("releases a hold, returns its seats, and answers a repeat with the released hold", async () => {
    const { departureId, inventory } = await openInventory("release", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_a", 3));
    const released = await inventory.releaseHold("hld_a", "changed mind");
    expect(released.ok && released.value.status).toBe("released");
    expect(await inventory.releaseHold("hld_a", "again")).toEqual(released);
    expect((await inventory.availability()).find((f) => f.pool === "economy")?.available).toBe(5);
    expect((await inventory.ledger()).map((e) => [e.kind, e.heldDelta, e.reason])).toEqual([
      ["initialised", 0, "loaded from D1: 2 at 40000 EUR"],
      ["initialised", 0, "loaded from D1: 5 at 10000 EUR"],
      ["hold_placed", 3, "locked 10000 EUR per unit"],
      ["hold_released", -3, "changed mind"],
    ]);
  });

  it("confirms a hold into sold seats; the same booking again is a replay, another booking is refused", async () => {
    const { departureId, inventory } = await openInventory("confirm", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_a", 2));
    const confirmed = await inventory.confirmHold("hld_a", "bkg_1");
    expect(confirmed.ok && confirmed.value).toMatchObject({ status: "confirmed", bookingId: "bkg_1" });
    expect(await inventory.confirmHold("hld_a", "bkg_1")).toEqual(confirmed);
    expect(await inventory.confirmHold("hld_a", "bkg_2")).toEqual({
      ok: false,
      error: { code: "HOLD_ALREADY_CONFIRMED", detail: "Hold hld_a was confirmed for another booking." },
    });
    expect((await inventory.availability()).find((f) => f.pool === "economy")).toMatchObject({ held: 0, sold: 2 });
  });

  it("will not release a sold hold or confirm a released one", async () => {
    const { departureId, inventory } = await openInventory("illegal", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_sold"));
    await inventory.confirmHold("hld_sold", "bkg_1");
    expect(await inventory.releaseHold("hld_sold", "oops")).toEqual({
      ok: false,
      error: {
        code: "HOLD_STATE_CONFLICT",
        detail: "A confirmed hold cannot be released.",
        extra: { hold_status: "confirmed" },
      },
    });
    await inventory.placeHold(place(departureId, "hld_gone"));
    await inventory.releaseHold("hld_gone", "bye");
    expect(await inventory.confirmHold("hld_gone", "bkg_2")).toEqual({
      ok: false,
      error: {
        code: "HOLD_STATE_CONFLICT",
        detail: "A released hold cannot be confirmed.",
        extra: { hold_status: "released" },
      },
    });
    expect(await inventory.cancelHold("hld_nope", "x")).toEqual({
      ok: false,
      error: { code: "HOLD_NOT_FOUND", detail: "No hold hld_nope on this departure." },
    });
  });

  it("cancels a booking, returning its seats, and answers a repeat unchanged", async () => {
    const { departureId, inventory } = await openInventory("cancel", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_a", 2, "business"));
    await inventory.confirmHold("hld_a", "bkg_1");
    const cancelled = await inventory.cancelHold("hld_a", "customer request");
    expect(cancelled.ok && cancelled.value).toMatchObject({ status: "cancelled", bookingId: "bkg_1" });
    expect(await inventory.cancelHold("hld_a", "customer request")).toEqual(cancelled);
    expect((await inventory.availability()).find((f) => f.pool === "business")).toMatchObject({
      held: 0,
      sold: 0,
      available: 2,
    });
  });

  it("pages the ledger by sequence number", async () => {
    const { departureId, inventory } = await openInventory("pages", { fares: FARES });
    for (const id of ["hld_1", "hld_2", "hld_3"]) await inventory.placeHold(place(departureId, id, 1));
    const firstPage = await inventory.ledger(0, 2);
    expect(firstPage.map((e) => e.seq)).toEqual([1, 2]);
    const rest = await inventory.ledger(2, 10);
    expect(rest.map((e) => [e.seq, e.kind, e.holdId])).toEqual([
      [3, "hold_placed", "hld_1"],
      [4, "hold_placed", "hld_2"],
      [5, "hold_placed", "hld_3"],
    ]);
  });
});
