import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { InventoryObject } from "../workers/inventory-object";
import { manualClock, seatHold, seedDeparture, withInventory } from "./support/inventory";

/** The tables DepartureInventory created (before the engine), as it left them. */
const OLD_SCHEMA = [
  `CREATE TABLE departure (id INTEGER PRIMARY KEY CHECK (id = 1), departure_id TEXT NOT NULL, status TEXT NOT NULL,
    departs_at INTEGER NOT NULL, initialised_at INTEGER NOT NULL)`,
  `CREATE TABLE fare_classes (cabin TEXT PRIMARY KEY, capacity INTEGER NOT NULL, held INTEGER NOT NULL DEFAULT 0,
    sold INTEGER NOT NULL DEFAULT 0, price_minor INTEGER NOT NULL, currency TEXT NOT NULL,
    CHECK (capacity >= 0 AND held >= 0 AND sold >= 0 AND held + sold <= capacity))`,
  `CREATE TABLE holds (id TEXT PRIMARY KEY, cabin TEXT NOT NULL, seats INTEGER NOT NULL CHECK (seats > 0),
    unit_price_minor INTEGER NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, ttl_seconds INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, extended INTEGER NOT NULL DEFAULT 0, extension_seconds INTEGER, booking_id TEXT,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
  "CREATE INDEX holds_status_expiry_idx ON holds (status, expires_at)",
  `CREATE TABLE ledger (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, cabin TEXT, hold_id TEXT,
    booking_id TEXT, held_delta INTEGER NOT NULL DEFAULT 0, sold_delta INTEGER NOT NULL DEFAULT 0,
    capacity_delta INTEGER NOT NULL DEFAULT 0, reason TEXT)`,
];

function writeOldObject(sql: SqlStorage, departureId: string, departsAtMs: number, now: number) {
  for (const statement of OLD_SCHEMA) sql.exec(statement);
  sql.exec("INSERT INTO departure VALUES (1, ?, 'scheduled', ?, ?)", departureId, departsAtMs, now);
  sql.exec("INSERT INTO fare_classes VALUES ('business', 2, 0, 0, 40000, 'EUR'), ('economy', 5, 2, 1, 10000, 'EUR')");
  sql.exec(
    `INSERT INTO holds VALUES
      ('hld_held', 'economy', 2, 10000, 'EUR', 'held', 600, ?, 0, NULL, NULL, ?, ?),
      ('hld_sold', 'economy', 1, 9000, 'EUR', 'confirmed', 600, ?, 1, 300, 'bkg_1', ?, ?)`,
    now + 600_000,
    now,
    now,
    now + 900_000,
    now,
    now,
  );
  sql.exec(
    `INSERT INTO ledger (at, kind, cabin, hold_id, booking_id, held_delta, sold_delta, capacity_delta, reason) VALUES
      (?, 'initialised', 'business', NULL, NULL, 0, 0, 2, 'loaded'),
      (?, 'initialised', 'economy', NULL, NULL, 0, 0, 5, 'loaded'),
      (?, 'hold_placed', 'economy', 'hld_sold', NULL, 1, 0, 0, 'locked'),
      (?, 'confirmed', 'economy', 'hld_sold', 'bkg_1', -1, 1, 0, NULL),
      (?, 'hold_placed', 'economy', 'hld_held', NULL, 2, 0, 0, 'locked')`,
    now,
    now,
    now,
    now,
    now,
  );
}

const tables = (sql: SqlStorage) =>
  sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'")
    .toArray()
    .map((r) => r.name)
    .sort();

describe("an object stored by DepartureInventory, woken as an InventoryObject", () => {
  it("is rewritten in place: fare classes become pools, holds get one line, the ledger still replays", async () => {
    const departsAt = Math.floor(Date.now() / 1000) + 86_400;
    const departureId = await seedDeparture("legacy", {
      departsAt,
      fares: [
        { cabin: "economy", capacity: 5, priceMinor: 10_000 },
        { cabin: "business", capacity: 2, priceMinor: 40_000 },
      ],
    });
    const clock = manualClock();
    await withInventory(departureId, async (_fresh, state) => {
      writeOldObject(state.storage.sql, departureId, departsAt * 1000, clock.now());
      // A new instance on that storage: what the runtime starts after the class was renamed.
      const object = new InventoryObject(state, env);
      object.clock = clock;
      expect(tables(state.storage.sql)).toEqual(["holds", "ledger", "pools", "unit"]);

      const refund = [{ before: departsAt * 1000, refundBps: 10_000 }];
      expect(await object.getHold("hld_sold")).toEqual({
        holdId: "hld_sold",
        unitId: departureId,
        product: "departures",
        lines: [
          {
            pool: "economy",
            label: "Economy",
            quantity: 1,
            unitPriceMinor: 9000,
            totalMinor: 9000,
            refundPolicy: refund,
          },
        ],
        totalMinor: 9000,
        currency: "EUR",
        status: "confirmed",
        expiresAt: clock.now() + 900_000,
        extended: true,
        bookingId: "bkg_1",
        createdAt: clock.now(),
        context: {},
      });
      const counts = { business: { capacity: 2, held: 0, sold: 0 }, economy: { capacity: 5, held: 2, sold: 1 } };
      expect(await object.audit()).toEqual({ ok: true, counts, replayed: counts, violations: [] });
      expect((await object.ledger()).map((e) => [e.seq, e.kind, e.pool, e.holdId])).toEqual([
        [1, "initialised", "business", null],
        [2, "initialised", "economy", null],
        [3, "hold_placed", "economy", "hld_sold"],
        [4, "confirmed", "economy", "hld_sold"],
        [5, "hold_placed", "economy", "hld_held"],
      ]);

      // And it works on: the old held hold confirms, the old sale cancels, new holds land beside them.
      expect(await object.confirmHold("hld_held", "bkg_2")).toMatchObject({ ok: true, value: { status: "confirmed" } });
      expect(await object.cancelHold("hld_sold", "refund")).toMatchObject({ ok: true, value: { status: "cancelled" } });
      expect(await object.placeHold(seatHold(departureId, "hld_new", 2, "business"))).toMatchObject({ ok: true });
      expect((await object.availability()).map((p) => [p.pool, p.held, p.sold, p.available])).toEqual([
        ["business", 2, 0, 0],
        ["economy", 0, 2, 3],
      ]);
      expect((await object.audit()).ok).toBe(true);
    });
  });

  it("keeps a cancelled departure cancelled, with its sold holds stranded for refund", async () => {
    const departsAt = Math.floor(Date.now() / 1000) + 86_400;
    const departureId = await seedDeparture("legacy-cancelled", {
      departsAt,
      fares: [{ cabin: "economy", capacity: 5, priceMinor: 10_000 }],
    });
    await withInventory(departureId, async (_fresh, state) => {
      writeOldObject(state.storage.sql, departureId, departsAt * 1000, Date.now());
      state.storage.sql.exec("UPDATE departure SET status = 'cancelled'");
      state.storage.sql.exec(
        "INSERT INTO ledger (at, kind, reason) VALUES (?, 'departure_cancelled', 'strike')",
        Date.now(),
      );
      const object = new InventoryObject(state, env);
      expect((await object.strandedHolds()).map((h) => [h.holdId, h.bookingId, h.totalMinor])).toEqual([
        ["hld_sold", "bkg_1", 9000],
      ]);
      expect((await object.ledger()).at(-1)).toMatchObject({ kind: "unit_cancelled", reason: "strike" });
      expect(await object.placeHold(seatHold(departureId, "hld_new"))).toEqual({
        ok: false,
        error: { code: "DEPARTURE_CANCELLED", detail: "The departure is cancelled." },
      });
    });
  });
});
