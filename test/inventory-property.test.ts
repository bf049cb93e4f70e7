import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HoldLineRequest } from "../src/inventory/contract";
import type { Result } from "../src/lib/result";
import type { InventoryObject } from "../workers/inventory-object";
import { manualClock, seedDeparture, withInventory } from "./support/inventory";

/**
 * The inventory engine against a model: random sequences of multi-line holds over three pools,
 * replays and conflicting reuses of the same hold ids, extensions, releases, confirmations,
 * cancellations, time passing (with and without the alarm), single- and multi-pool operator
 * changes and the unit's cancellation. Every call but the passing of time first expires the due holds. After every step the object's answer must be the model's
 * (granted or the same refusal), every pool's counts must be the model's, the invariant must hold
 * and the ledger must replay to the counts.
 */
const POOLS = {
  economy: { capacity: 6, price: 10_000 },
  business: { capacity: 3, price: 40_000 },
  first: { capacity: 2, price: 90_000 },
};
type Pool = keyof typeof POOLS;
const POOL_NAMES = Object.keys(POOLS) as Pool[];
/** Departures' own rule (checkHold): at most 9 seats in one hold. */
const MAX_SEATS = 9;

const holdId = fc.integer({ min: 0, max: 4 }).map((i) => `hld_${i}`);
const pool = fc.constantFrom(...POOL_NAMES);
const lines = fc.uniqueArray(fc.record({ pool, quantity: fc.integer({ min: 1, max: 4 }) }), {
  minLength: 1,
  maxLength: 3,
  selector: (l) => l.pool,
});

const operation = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant("place" as const),
      hold: holdId,
      lines,
      ttl: fc.constantFrom(60, 120, 600),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("extend" as const), hold: holdId, ttl: fc.constantFrom(60, 300) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("release" as const), hold: holdId }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("confirm" as const),
      hold: holdId,
      booking: fc.constantFrom("bkg_a", "bkg_b"),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("cancel" as const), hold: holdId }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("advance" as const), seconds: fc.integer({ min: 0, max: 700 }) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("alarm" as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("capacity" as const),
      changes: fc.uniqueArray(fc.record({ pool, capacity: fc.integer({ min: 0, max: 8 }) }), {
        minLength: 1,
        maxLength: 3,
        selector: (c) => c.pool,
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("price" as const), pool, price: fc.integer({ min: 1, max: 90_000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("cancelUnit" as const) }) },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

interface ModelHold {
  lines: { pool: Pool; quantity: number; price: number }[];
  ttl: number;
  status: "held" | "confirmed" | "released" | "expired" | "cancelled";
  expiresAt: number;
  extension: number | null;
  bookingId: string | null;
}

/** What the engine should do, written as plainly as possible: no SQL, no ledger, no transactions. */
class Model {
  pools = Object.fromEntries(POOL_NAMES.map((p) => [p, { ...POOLS[p], held: 0, sold: 0 }])) as Record<
    Pool,
    { capacity: number; price: number; held: number; sold: number }
  >;
  holds = new Map<string, ModelHold>();
  cancelled = false;

  constructor(private readonly closesAt: number) {}

  /** Every call first expires the holds whose deadline has passed. */
  sweep(now: number) {
    for (const h of this.holds.values()) {
      if (h.status === "held" && h.expiresAt <= now) this.move(h, "expired", -1, 0);
    }
  }

  apply(o: Operation, now: number): { ok: true; total?: number } | { ok: false; code: string } {
    switch (o.op) {
      case "place":
        return this.place(o.hold, o.lines as { pool: Pool; quantity: number }[], o.ttl, now);
      case "extend":
        return this.extend(o.hold, o.ttl);
      case "release": {
        const h = this.holds.get(o.hold);
        if (!h) return no("HOLD_NOT_FOUND");
        if (h.status === "released" || h.status === "expired") return yes();
        if (h.status !== "held") return no("HOLD_STATE_CONFLICT");
        this.move(h, "released", -1, 0);
        return yes();
      }
      case "confirm": {
        const h = this.holds.get(o.hold);
        if (!h) return no("HOLD_NOT_FOUND");
        if (h.bookingId === o.booking) return yes();
        if (h.bookingId !== null) return no("HOLD_ALREADY_CONFIRMED");
        if (h.status !== "held") return this.illegal(h);
        this.move(h, "confirmed", -1, 1);
        h.bookingId = o.booking;
        return yes();
      }
      case "cancel": {
        const h = this.holds.get(o.hold);
        if (!h) return no("HOLD_NOT_FOUND");
        if (h.status === "cancelled") return yes();
        if (h.status !== "confirmed") return this.illegal(h);
        this.move(h, "cancelled", 0, -1);
        return yes();
      }
      case "capacity": {
        if (this.cancelled) return no("DEPARTURE_CANCELLED");
        const short = o.changes.some((c) => c.capacity < this.pools[c.pool].held + this.pools[c.pool].sold);
        if (short) return no("CAPACITY_BELOW_COMMITTED");
        for (const c of o.changes) this.pools[c.pool].capacity = c.capacity;
        return yes();
      }
      case "price":
        if (this.cancelled) return no("DEPARTURE_CANCELLED");
        this.pools[o.pool].price = o.price;
        return yes();
      case "cancelUnit":
        if (!this.cancelled)
          for (const h of this.holds.values()) if (h.status === "held") this.move(h, "released", -1, 0);
        this.cancelled = true;
        return yes();
      case "advance":
      case "alarm":
        return yes();
    }
  }

  private place(id: string, wanted: { pool: Pool; quantity: number }[], ttl: number, now: number) {
    const existing = this.holds.get(id);
    if (existing) {
      const same =
        existing.ttl === ttl &&
        existing.lines.length === wanted.length &&
        existing.lines.every((l, i) => l.pool === wanted[i]?.pool && l.quantity === wanted[i]?.quantity);
      return same ? yes(total(existing)) : no("HOLD_ID_CONFLICT");
    }
    if (this.cancelled) return no("DEPARTURE_CANCELLED");
    if (wanted.reduce((sum, l) => sum + l.quantity, 0) > MAX_SEATS) return no("INVALID_PASSENGERS");
    const fits = wanted.every((l) => {
      const p = this.pools[l.pool];
      return p.capacity - p.held - p.sold >= l.quantity;
    });
    if (!fits) return no("INSUFFICIENT_SEATS");
    const hold: ModelHold = {
      lines: wanted.map((l) => ({ ...l, price: this.pools[l.pool].price })),
      ttl,
      status: "held",
      expiresAt: Math.min(now + ttl * 1000, this.closesAt),
      extension: null,
      bookingId: null,
    };
    for (const l of wanted) this.pools[l.pool].held += l.quantity;
    this.holds.set(id, hold);
    return yes(total(hold));
  }

  private extend(id: string, ttl: number) {
    const h = this.holds.get(id);
    if (!h) return no("HOLD_NOT_FOUND");
    if (h.status !== "held") return this.illegal(h);
    if (h.extension !== null) return h.extension === ttl ? yes() : no("HOLD_ALREADY_EXTENDED");
    h.extension = ttl;
    h.expiresAt = Math.min(h.expiresAt + ttl * 1000, this.closesAt);
    return yes();
  }

  private illegal(h: ModelHold) {
    if (h.status === "expired") return no("HOLD_EXPIRED");
    if (h.status === "released" && this.cancelled) return no("DEPARTURE_CANCELLED");
    return no("HOLD_STATE_CONFLICT");
  }

  private move(h: ModelHold, to: ModelHold["status"], held: number, sold: number) {
    for (const l of h.lines) {
      this.pools[l.pool].held += held * l.quantity;
      this.pools[l.pool].sold += sold * l.quantity;
    }
    h.status = to;
  }
}

const yes = (total?: number) => (total === undefined ? { ok: true as const } : { ok: true as const, total });
const no = (code: string) => ({ ok: false as const, code });
const total = (h: ModelHold) => h.lines.reduce((sum, l) => sum + l.quantity * l.price, 0);

async function run(object: InventoryObject, departureId: string, o: Operation): Promise<Result<unknown> | null> {
  switch (o.op) {
    case "place":
      return object.placeHold({
        holdId: o.hold,
        unitId: departureId,
        lines: o.lines as HoldLineRequest[],
        ttlSeconds: o.ttl,
      });
    case "extend":
      return object.extendHold(o.hold, o.ttl);
    case "release":
      return object.releaseHold(o.hold, "property");
    case "confirm":
      return object.confirmHold(o.hold, o.booking);
    case "cancel":
      return object.cancelHold(o.hold, "property");
    case "capacity":
      return object.applyOperatorChanges({ reason: "property", pools: o.changes });
    case "price":
      return object.applyOperatorChanges({ reason: "property", pools: [{ pool: o.pool, priceMinor: o.price }] });
    case "cancelUnit":
      return object.applyOperatorChanges({ reason: "property", cancelUnit: true });
    case "alarm":
      await object.alarm();
      return null;
    case "advance":
      return null;
  }
}

describe("multi-line holds against a model", () => {
  it("grant and refuse as the model does, every pool's counts equal the model's, and the ledger replays", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 5, maxLength: 60, size: "max" }), async (operations) => {
        const departsAt = Math.floor(Date.now() / 1000) + 86_400;
        const departureId = await seedDeparture("model", {
          departsAt,
          fares: POOL_NAMES.map((p) => ({ cabin: p, capacity: POOLS[p].capacity, priceMinor: POOLS[p].price })),
        });
        const model = new Model(departsAt * 1000);
        await withInventory(departureId, async (object) => {
          const clock = manualClock();
          object.clock = clock;
          for (const o of operations) {
            if (o.op === "advance") clock.advance(o.seconds * 1000);
            else model.sweep(clock.now());
            const expected = model.apply(o, clock.now());
            const actual = await run(object, departureId, o);
            if (actual) {
              expect(actual.ok ? { ok: true } : { ok: false, code: actual.error.code }, JSON.stringify(o)).toEqual(
                expected.ok ? { ok: true } : expected,
              );
              if (actual.ok && expected.ok && expected.total !== undefined) {
                expect((actual.value as { totalMinor: number }).totalMinor).toBe(expected.total);
              }
            }
            const audit = await object.audit();
            expect(audit.violations).toEqual([]);
            if (Object.keys(audit.counts).length === 0) continue;
            for (const p of POOL_NAMES) {
              const { capacity, held, sold } = model.pools[p];
              expect(audit.counts[p], p).toEqual({ capacity, held, sold });
            }
          }
        });
      }),
      { numRuns: 40 },
    );
  });
});
