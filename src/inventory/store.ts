import type { Cabin } from "../db/schema";
import { err, ok, type Result } from "../lib/result";
import type { HoldStatus, LedgerEntry } from "./contract";
import type { SeatDeltas } from "./hold-rules";
import { applyDeltas, checkInvariant, type SeatCounts } from "./invariant";
import {
  type DepartureMeta,
  type DepartureStatus,
  type FareRow,
  type HoldRow,
  type Row,
  toFare,
  toHold,
  toLedger,
} from "./rows";
import { INVENTORY_SCHEMA } from "./schema";

/** Typed access to the object's SQLite. Synchronous: callers compose it inside one transactionSync. */
export class InventoryStore {
  /**
   * Ledger entries appended by this instance, committed or not: a caller compares it around a
   * transaction that committed to learn whether anything changed, without reading the ledger.
   */
  appended = 0;

  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    for (const statement of INVENTORY_SCHEMA) this.sql.exec(statement);
  }

  /** Whether this object ever stored a departure (reading sqlite_master writes nothing). */
  hasTables(): boolean {
    return (
      this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'departure'").toArray().length > 0
    );
  }

  meta(): DepartureMeta | null {
    const row = this.sql.exec<Row>("SELECT departure_id, status, departs_at FROM departure WHERE id = 1").toArray()[0];
    if (!row) return null;
    return {
      departureId: String(row.departure_id),
      status: row.status as DepartureStatus,
      departsAt: Number(row.departs_at),
    };
  }

  insertMeta(meta: DepartureMeta, now: number): void {
    this.sql.exec(
      "INSERT INTO departure (id, departure_id, status, departs_at, initialised_at) VALUES (1, ?, ?, ?, ?)",
      meta.departureId,
      meta.status,
      meta.departsAt,
      now,
    );
  }

  setStatus(status: DepartureStatus): void {
    this.sql.exec("UPDATE departure SET status = ? WHERE id = 1", status);
  }

  fares(): FareRow[] {
    return this.sql.exec<Row>("SELECT * FROM fare_classes ORDER BY cabin").toArray().map(toFare);
  }

  fare(cabin: Cabin): FareRow | null {
    const row = this.sql.exec<Row>("SELECT * FROM fare_classes WHERE cabin = ?", cabin).toArray()[0];
    return row ? toFare(row) : null;
  }

  insertFare(f: Omit<FareRow, "held" | "sold">): void {
    this.sql.exec(
      "INSERT INTO fare_classes (cabin, capacity, held, sold, price_minor, currency) VALUES (?, ?, 0, 0, ?, ?)",
      f.cabin,
      f.capacity,
      f.priceMinor,
      f.currency,
    );
  }

  /**
   * The only way seat counts change. The invariant is checked on the would-be counts before
   * anything is written, so a write that would oversell is refused, never applied and rolled back.
   */
  applySeatDeltas(cabin: Cabin, deltas: SeatDeltas, read?: FareRow): Result<SeatCounts> {
    // `read`: the row the caller read in this same transaction, so it is still what is stored.
    const current = read ?? this.fare(cabin);
    if (!current) return err("FARE_CLASS_NOT_FOUND", `No ${cabin} fare class on this departure.`);
    const next = applyDeltas(current, deltas);
    if (!checkInvariant(next)) {
      return err(
        "INVENTORY_INVARIANT",
        `Refused: ${cabin} would have capacity ${next.capacity}, held ${next.held}, sold ${next.sold}.`,
      );
    }
    this.sql.exec(
      "UPDATE fare_classes SET capacity = ?, held = ?, sold = ? WHERE cabin = ?",
      next.capacity,
      next.held,
      next.sold,
      cabin,
    );
    return ok(next);
  }

  setPrice(cabin: Cabin, priceMinor: number): void {
    this.sql.exec("UPDATE fare_classes SET price_minor = ? WHERE cabin = ?", priceMinor, cabin);
  }

  hold(id: string): HoldRow | null {
    const row = this.sql.exec<Row>("SELECT * FROM holds WHERE id = ?", id).toArray()[0];
    return row ? toHold(row) : null;
  }

  insertHold(h: HoldRow): void {
    this.sql.exec(
      `INSERT INTO holds (id, cabin, seats, unit_price_minor, currency, status, ttl_seconds, expires_at, extended,
       extension_seconds, booking_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      h.holdId,
      h.cabin,
      h.seats,
      h.unitPriceMinor,
      h.currency,
      h.status,
      h.ttlSeconds,
      h.expiresAt,
      h.extended ? 1 : 0,
      h.extensionSeconds,
      h.bookingId,
      h.createdAt,
      h.createdAt,
    );
  }

  updateHold(h: HoldRow, now: number): void {
    this.sql.exec(
      `UPDATE holds SET status = ?, expires_at = ?, extended = ?, extension_seconds = ?, booking_id = ?, updated_at = ?
       WHERE id = ?`,
      h.status,
      h.expiresAt,
      h.extended ? 1 : 0,
      h.extensionSeconds,
      h.bookingId,
      now,
      h.holdId,
    );
  }

  holdsWithStatus(status: HoldStatus): HoldRow[] {
    return this.sql
      .exec<Row>("SELECT * FROM holds WHERE status = ? ORDER BY created_at, id", status)
      .toArray()
      .map(toHold);
  }

  dueHolds(now: number): HoldRow[] {
    return this.sql
      .exec<Row>("SELECT * FROM holds WHERE status = 'held' AND expires_at <= ? ORDER BY expires_at, id", now)
      .toArray()
      .map(toHold);
  }

  nextExpiry(): number | null {
    const row = this.sql.exec<Row>("SELECT MIN(expires_at) AS next FROM holds WHERE status = 'held'").one();
    return row.next === null ? null : Number(row.next);
  }

  append(e: Omit<LedgerEntry, "seq">): void {
    this.appended++;
    this.sql.exec(
      `INSERT INTO ledger (at, kind, cabin, hold_id, booking_id, held_delta, sold_delta, capacity_delta, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      e.at,
      e.kind,
      e.cabin,
      e.holdId,
      e.bookingId,
      e.heldDelta,
      e.soldDelta,
      e.capacityDelta,
      e.reason,
    );
  }

  ledger(afterSeq: number, limit: number): LedgerEntry[] {
    return this.sql
      .exec<Row>("SELECT * FROM ledger WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, limit)
      .toArray()
      .map(toLedger);
  }
}
