import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newHoldId } from "../src/holds/hold-id";
import { inventoryStub } from "../src/inventory/stub";
import { TRIP_POLICY } from "../src/trips/model";
import { tripStub } from "../src/trips/stub";
import { newTripId } from "../src/trips/trip-id";
import { inventoryObject, manualClock, seatHold, withInventory } from "./support/inventory";
import { audited, crashAt, heldSeats, inObject, openTrip, seatItem, seedUnits, tripObject } from "./support/trips";

const HELD_MS = TRIP_POLICY.holdTtlSeconds * 1000;

describe("a trip coordinator holds every item or none", () => {
  it("holds every item in one trip whose expiry is the earliest hold's", async () => {
    const units = await seedUnits("trip-ok", 3, 5);
    const { tripId, trip } = await openTrip();
    const created = await trip.create({
      tripId,
      items: [seatItem(units[2] as string, 2), ...units.slice(0, 2).map((u) => seatItem(u))],
    });
    if (!created.ok) throw new Error(created.error.detail);
    const view = created.value;
    expect(view.status).toBe("held");
    expect(view.items.map((i) => [i.index, i.unitId, i.hold?.status, i.hold?.lines[0]?.quantity])).toEqual([
      [0, units[2], "held", 2],
      [1, units[0], "held", 1],
      [2, units[1], "held", 1],
    ]);
    expect(view.expiresAt).toBe(Math.min(...view.items.map((i) => i.hold?.expiresAt ?? 0)));
    expect(view.totalMinor).toBe(40_000);
    expect(view.currency).toBe("GBP");
    expect(await Promise.all(units.map(heldSeats))).toEqual([1, 1, 2]);
    expect(await trip.get()).toEqual(view);
  });

  it("holds nothing when the last item is sold out: the earlier holds are released and availability restored", async () => {
    const [a, b, full] = (await seedUnits("trip-last", 3, 2)) as [string, string, string];
    // Whatever the client's order, units are placed in id order; the sold-out one is made last.
    const soldOut = [a, b, full].sort()[2] as string;
    const others = [a, b, full].filter((u) => u !== soldOut);
    await inventoryStub(env, soldOut).placeHold(seatHold(soldOut, newHoldId(soldOut), 2));
    await expect(heldSeats(soldOut)).resolves.toBe(2);
    const before = await Promise.all(others.map(heldSeats));

    const { tripId, trip } = await openTrip();
    const items = [seatItem(soldOut), seatItem(others[0] as string), seatItem(others[1] as string)];
    const refused = await trip.create({ tripId, items });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: "TRIP_ITEM_REFUSED",
        detail: "Item 0 could not be held: Only 0 economy seats left. Nothing is held.",
        extra: {
          item: 0,
          unit_id: soldOut,
          problem: {
            code: "INSUFFICIENT_SEATS",
            detail: "Only 0 economy seats left.",
            extra: { lines: [{ pool: "economy", requested: 1, left: 0 }] },
          },
        },
      },
    });
    expect(await Promise.all(others.map(heldSeats))).toEqual(before);
    const view = await trip.get();
    expect(view?.status).toBe("refused");
    expect(view?.items.map((i) => i.hold?.status ?? null)).toEqual([null, "released", "released"]);
    expect(await audited([a, b, full])).toEqual([true, true, true]);
  });

  it("refuses a trip sold in two currencies and releases what it held", async () => {
    const [gbp] = await seedUnits("trip-gbp", 1, 3);
    const [eur] = await seedUnits("trip-eur", 1, 3, "EUR");
    const { tripId, trip } = await openTrip();
    const refused = await trip.create({ tripId, items: [seatItem(gbp as string), seatItem(eur as string)] });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: "TRIP_CURRENCY_MISMATCH",
        detail: "The items are sold in EUR and GBP; a trip is paid in one currency.",
      },
    });
    expect(await Promise.all([gbp as string, eur as string].map(heldSeats))).toEqual([0, 0]);
  });

  it("never oversells when trips race for the last seats of the same units, each all or nothing", async () => {
    const units = await seedUnits("trip-race", 3, 3);
    // Eight trips want one seat on each of the three units, listed in different orders.
    const trips = await Promise.all(Array.from({ length: 8 }, () => openTrip()));
    const results = await Promise.all(
      trips.map(({ tripId, trip }, i) => {
        const order = [...units].sort(() => (i % 2 === 0 ? 1 : -1));
        if (i % 3 === 0) order.reverse();
        return trip.create({ tripId, items: order.map((u) => seatItem(u)) });
      }),
    );
    const held = results.filter((r) => r.ok);
    // Every trip tries the units in the same order, so the first unit decides: exactly its 3 seats' worth win.
    expect(held).toHaveLength(3);
    for (const r of results) {
      if (!r.ok)
        expect(r.error).toMatchObject({
          code: "TRIP_ITEM_REFUSED",
          extra: { problem: { code: "INSUFFICIENT_SEATS" } },
        });
    }
    expect(await Promise.all(units.map(heldSeats))).toEqual([3, 3, 3]);
    expect(await audited(units)).toEqual([true, true, true]);
  });

  it("keeps overlapping trips all or nothing and never oversells", async () => {
    const [a, b, c] = (await seedUnits("trip-overlap", 3, 2)) as [string, string, string];
    const trips = await Promise.all(Array.from({ length: 9 }, () => openTrip()));
    const sets = [
      [a, b],
      [b, c],
      [c, a],
    ];
    const results = await Promise.all(
      trips.map(({ tripId, trip }, i) =>
        trip.create({ tripId, items: (sets[i % 3] as string[]).map((u) => seatItem(u)) }),
      ),
    );
    const views = await Promise.all(trips.map(({ trip }) => trip.get()));
    for (const [i, view] of views.entries()) {
      const statuses = new Set(view?.items.map((item) => item.hold?.status ?? "none"));
      expect(results[i]?.ok ? statuses : new Set([...statuses].filter((s) => s === "held"))).toEqual(
        results[i]?.ok ? new Set(["held"]) : new Set(),
      );
    }
    const held = await Promise.all([a, b, c].map(heldSeats));
    for (const seats of held) expect(seats).toBeLessThanOrEqual(2);
    const heldTrips = results.filter((r) => r.ok).length;
    expect(held.reduce((x, y) => x + y, 0)).toBe(heldTrips * 2);
    expect(await audited([a, b, c])).toEqual([true, true, true]);
  });
});

describe("a trip coordinator recovers from a crash by its alarm", () => {
  const points = [
    ["after the first hold was placed and recorded", "before_place", 1],
    ["after the second object granted its hold, before it was recorded", "after_place", 1],
    ["before the first hold was placed", "before_place", 0],
    ["after the last object granted its hold, before the trip was recorded held", "after_place", 2],
  ] as const;
  for (const [when, point, position] of points) {
    it(`releases whatever was placed ${when}`, async () => {
      const units = (await seedUnits("trip-crash", 3, 4)).sort();
      const { tripId, trip, clock } = await openTrip();
      // Client order reversed: item 2 is placed first (position 0), item 1 second.
      const items = [...units].reverse().map((u) => seatItem(u, 2));
      await crashAt(tripId, point, 2 - position);
      await expect(inObject(tripId, (o) => o.create({ tripId, items }))).rejects.toThrow(/simulated crash/);
      expect((await trip.get())?.status).toBe("placing");

      clock.advance(TRIP_POLICY.recoverAfterMs);
      expect(await runDurableObjectAlarm(tripObject(tripId))).toBe(true);
      const view = await trip.get();
      expect(view?.status).toBe("released");
      expect(await Promise.all(units.map(heldSeats))).toEqual([0, 0, 0]);
      // A retry of the create after the alarm released it places nothing and says so.
      expect(await trip.create({ tripId, items })).toEqual({
        ok: false,
        error: {
          code: "TRIP_STATE_CONFLICT",
          detail: `Trip ${tripId} is released; create a new trip.`,
          extra: { trip_status: "released" },
        },
      });
      expect(await Promise.all(units.map(heldSeats))).toEqual([0, 0, 0]);
      expect(await audited(units)).toEqual([true, true, true]);
      // Nothing is left to do but forget the trip after its retention.
      clock.advance(TRIP_POLICY.retainMs);
      expect(await runDurableObjectAlarm(tripObject(tripId))).toBe(true);
      expect(await trip.get()).toBeNull();
    });
  }

  it("finishes a release interrupted by a crash", async () => {
    const units = (await seedUnits("trip-crash-release", 2, 2)).sort();
    const { tripId, trip } = await openTrip();
    await trip.create({ tripId, items: units.map((u) => seatItem(u)) });
    await crashAt(tripId, "after_release", 0);
    await expect(inObject(tripId, (o) => o.release())).rejects.toThrow(/simulated crash/);
    expect((await trip.get())?.status).toBe("releasing");
    expect(await Promise.all(units.map(heldSeats))).toEqual([0, 1]);
    expect(await runDurableObjectAlarm(tripObject(tripId))).toBe(true);
    expect((await trip.get())?.status).toBe("released");
    expect(await Promise.all(units.map(heldSeats))).toEqual([0, 0]);
  });

  it("answers the refusal while an unreachable object's release is retried by the alarm", async () => {
    const [a, b, full] = (await seedUnits("trip-unreachable", 3, 1)).sort() as [string, string, string];
    await inventoryStub(env, full).placeHold(seatHold(full, newHoldId(full), 1));
    const { tripId, trip } = await openTrip();
    await runInDurableObject(tripObject(tripId), (object) => {
      let failed = false;
      object.deps.inventory = (unitId) => {
        const real = inventoryStub(env, unitId);
        return {
          placeHold: (input) => real.placeHold(input),
          getHold: (holdId) => real.getHold(holdId),
          releaseHold: async (holdId, reason) => {
            if (unitId === a && !failed) {
              failed = true;
              throw new Error("network connection lost");
            }
            return real.releaseHold(holdId, reason);
          },
        };
      };
    });
    const refused = await trip.create({ tripId, items: [a, b, full].map((u) => seatItem(u)) });
    expect(refused.ok || refused.error.code).toBe("TRIP_ITEM_REFUSED");
    expect((await trip.get())?.status).toBe("releasing");
    expect(await Promise.all([a, b].map(heldSeats))).toEqual([1, 0]);
    expect(await runDurableObjectAlarm(tripObject(tripId))).toBe(true);
    expect((await trip.get())?.status).toBe("refused");
    expect(await Promise.all([a, b].map(heldSeats))).toEqual([0, 0]);
  });

  it("finishes a crashed create when it is retried, placing nothing twice", async () => {
    const units = (await seedUnits("trip-resume", 2, 3)).sort();
    const { tripId, trip } = await openTrip();
    const items = units.map((u) => seatItem(u, 2));
    await crashAt(tripId, "after_place", 1);
    await expect(inObject(tripId, (o) => o.create({ tripId, items }))).rejects.toThrow(/simulated crash/);
    const resumed = await trip.create({ tripId, items });
    expect(resumed.ok && resumed.value.status).toBe("held");
    expect(await Promise.all(units.map(heldSeats))).toEqual([2, 2]);
  });
});

describe("a trip's lifetime", () => {
  it("releases everything at the trip's expiry", async () => {
    const units = await seedUnits("trip-expiry", 2, 2);
    const { tripId, trip, clock } = await openTrip();
    await trip.create({ tripId, items: units.map((u) => seatItem(u)) });
    // The holds expire on their objects' clocks, a moment after the trip's clock started.
    clock.advance(HELD_MS + 5_000);
    expect((await trip.get())?.status).toBe("expired");
    expect(await runDurableObjectAlarm(tripObject(tripId))).toBe(true);
    const view = await trip.get();
    expect(view?.status).toBe("expired");
    expect(view?.items.map((i) => i.hold?.status)).toEqual(["released", "released"]);
    expect(await Promise.all(units.map(heldSeats))).toEqual([0, 0]);
  });

  it("reads a hold that expired on its own object as expired, and gives the trip's other holds back", async () => {
    const [early, other] = (await seedUnits("trip-live-expiry", 2, 2)) as [string, string];
    const inventoryClock = manualClock();
    await withInventory(early, (object) => {
      object.clock = inventoryClock;
    });
    const { tripId, trip } = await openTrip();
    await trip.create({ tripId, items: [seatItem(early), seatItem(other)] });
    // Only the first unit's object moves past the hold's expiry: the trip's own clock has not.
    inventoryClock.advance(HELD_MS + 5_000);
    expect(await runDurableObjectAlarm(inventoryObject(early))).toBe(true);

    const view = await trip.get();
    expect(view?.status).toBe("expired");
    expect(view?.items.map((i) => [i.unitId, i.hold?.status])).toEqual([
      [early, "expired"],
      [other, "released"],
    ]);
    expect(await Promise.all([early, other].map(heldSeats))).toEqual([0, 0]);
    expect(await audited([early, other])).toEqual([true, true]);
  });

  it("leaves a booked trip's holds to its booking, even one marked just past its expiry", async () => {
    const units = await seedUnits("trip-booked", 2, 2);
    const { tripId, trip, clock } = await openTrip();
    await trip.create({ tripId, items: units.map((u) => seatItem(u)) });
    clock.advance(HELD_MS + 5_000);
    const booked = await trip.markBooked("bkg_trip_test");
    expect(booked.ok && [booked.value.status, booked.value.bookingId]).toEqual(["booked", "bkg_trip_test"]);
    expect(await runDurableObjectAlarm(tripObject(tripId))).toBe(true);
    expect(await Promise.all(units.map(heldSeats))).toEqual([1, 1]);
    expect(await trip.markBooked("bkg_trip_test")).toEqual(booked);
    expect(await trip.markBooked("bkg_other")).toMatchObject({ ok: false, error: { code: "TRIP_STATE_CONFLICT" } });
  });

  it("answers a retried create with the same trip, and refuses the id with other items", async () => {
    const units = await seedUnits("trip-retry", 2, 4);
    const { tripId, trip } = await openTrip();
    const items = units.map((u) => seatItem(u, 2));
    const first = await trip.create({ tripId, items });
    const again = await trip.create({ tripId, items });
    expect(again).toEqual(first);
    expect(await Promise.all(units.map(heldSeats))).toEqual([2, 2]);
    expect(await trip.create({ tripId, items: units.map((u) => seatItem(u, 1)) })).toEqual({
      ok: false,
      error: { code: "IDEMPOTENCY_KEY_REUSED", detail: `Trip ${tripId} was created with other items.` },
    });
  });

  it("releases idempotently and stores nothing for an id nobody created", async () => {
    const units = await seedUnits("trip-release", 2, 1);
    const { tripId, trip } = await openTrip();
    await trip.create({ tripId, items: units.map((u) => seatItem(u)) });
    const released = await trip.release();
    expect(released.ok && released.value.status).toBe("released");
    expect(await trip.release()).toEqual(released);
    expect(await Promise.all(units.map(heldSeats))).toEqual([0, 0]);

    const stranger = tripStub(env, newTripId());
    expect(await stranger.get()).toBeNull();
    expect(await stranger.release()).toEqual({ ok: false, error: { code: "TRIP_NOT_FOUND", detail: "No such trip." } });
  });
});
