import { err, ok, type Result } from "../lib/result";
import type { HoldStatus, LedgerEntry, PoolDefinition, PoolState, UnitDefinition } from "./contract";
import type { QuantityDeltas } from "./hold-rules";
import { applyDeltas, checkInvariant, type PoolCounts } from "./invariant";
import { LEGACY_COPY, LEGACY_MIGRATION, LEGACY_TABLE } from "./legacy-schema";
import { type HoldRow, type Row, toHold, toLedger, toPool, toUnit } from "./rows";
import { INVENTORY_SCHEMA } from "./schema";

/**
 * Typed access to the object's SQLite. Synchronous: callers compose it inside one transactionSync.
 * SQLite in a Durable Object has no query builder (drizzle's durable-sqlite driver would add a
 * layer over the same synchronous exec for a handful of fixed statements), so this file is the one
 * place the object's SQL is written.
 */
export class InventoryStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Whether this object ever stored a unit, in either layout (reading sqlite_master writes nothing). */
  hasTables(): boolean {
    return (
      this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name IN ('unit', ?)", LEGACY_TABLE).toArray()
        .length > 0
    );
  }

  /** Creates missing tables; rewrites an object stored before the engine (legacy-schema.ts). Run inside a transaction. */
  migrate(): void {
    const legacy =
      this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", LEGACY_TABLE).toArray().length > 0;
    if (legacy) for (const statement of LEGACY_MIGRATION) this.sql.exec(statement);
    for (const statement of INVENTORY_SCHEMA) this.sql.exec(statement);
    if (legacy) for (const statement of LEGACY_COPY) this.sql.exec(statement);
  }

  unit(): UnitDefinition | null {
    const row = this.sql.exec<Row>("SELECT * FROM unit WHERE id = 1").toArray()[0];
    return row ? toUnit(row) : null;
  }

  insertUnit(unit: UnitDefinition, now: number): void {
    this.sql.exec(
      "INSERT INTO unit (id, unit_id, product, status, closes_at, currency, initialised_at) VALUES (1, ?, ?, ?, ?, ?, ?)",
      unit.unitId,
      unit.product,
      unit.status,
      unit.closesAt,
      unit.currency,
      now,
    );
  }

  setStatus(status: UnitDefinition["status"]): void {
    this.sql.exec("UPDATE unit SET status = ? WHERE id = 1", status);
  }

  pools(): PoolState[] {
    return this.sql.exec<Row>("SELECT * FROM pools ORDER BY rowid").toArray().map(toPool);
  }

  pool(name: string): PoolState | null {
    const row = this.sql.exec<Row>("SELECT * FROM pools WHERE pool = ?", name).toArray()[0];
    return row ? toPool(row) : null;
  }

  /** The named pools the object has, in one statement (a hold's lines). */
  poolsNamed(names: readonly string[]): Map<string, PoolState> {
    const marks = names.map(() => "?").join(", ");
    const rows = this.sql.exec<Row>(`SELECT * FROM pools WHERE pool IN (${marks})`, ...names).toArray();
    return new Map(rows.map((r) => [String(r.pool), toPool(r)]));
  }

  insertPool(p: PoolDefinition): void {
    this.sql.exec(
      `INSERT INTO pools (pool, capacity, held, sold, price_minor, label, sales_open_at, sales_close_at, max_per_hold,
       refund_policy, attrs) VALUES (?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?)`,
      p.pool,
      p.capacity,
      p.priceMinor,
      p.label,
      p.salesOpenAt,
      p.salesCloseAt,
      p.maxPerHold,
      JSON.stringify(p.refundPolicy),
      JSON.stringify(p.attrs),
    );
  }

  /**
   * The only way counts change. The invariant is checked on the would-be counts before anything
   * is written, so a write that would oversell is refused, never applied and rolled back.
   */
  applyDeltas(pool: PoolState, deltas: QuantityDeltas): Result<PoolCounts> {
    const next = applyDeltas(pool, deltas);
    if (!checkInvariant(next)) {
      return err(
        "INVENTORY_INVARIANT",
        `Refused: ${pool.pool} would have capacity ${next.capacity}, held ${next.held}, sold ${next.sold}.`,
      );
    }
    this.sql.exec(
      "UPDATE pools SET capacity = ?, held = ?, sold = ? WHERE pool = ?",
      next.capacity,
      next.held,
      next.sold,
      pool.pool,
    );
    return ok(next);
  }

  setPrice(pool: string, priceMinor: number): void {
    this.sql.exec("UPDATE pools SET price_minor = ? WHERE pool = ?", priceMinor, pool);
  }

  setSalesWindow(pool: string, openAt: number | null, closeAt: number | null): void {
    this.sql.exec("UPDATE pools SET sales_open_at = ?, sales_close_at = ? WHERE pool = ?", openAt, closeAt, pool);
  }

  hold(id: string): HoldRow | null {
    const row = this.sql.exec<Row>("SELECT * FROM holds WHERE id = ?", id).toArray()[0];
    return row ? toHold(row) : null;
  }

  insertHold(h: HoldRow): void {
    this.sql.exec(
      `INSERT INTO holds (id, lines, total_minor, currency, status, ttl_seconds, expires_at, extended, extension_seconds,
       booking_id, context, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      h.holdId,
      JSON.stringify(h.lines),
      h.totalMinor,
      h.currency,
      h.status,
      h.ttlSeconds,
      h.expiresAt,
      h.extended ? 1 : 0,
      h.extensionSeconds,
      h.bookingId,
      JSON.stringify(h.context),
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
    this.sql.exec(
      `INSERT INTO ledger (at, kind, pool, hold_id, booking_id, held_delta, sold_delta, capacity_delta, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      e.at,
      e.kind,
      e.pool,
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

  lastSeq(): number {
    return Number(this.sql.exec<Row>("SELECT COALESCE(MAX(seq), 0) AS seq FROM ledger").one().seq);
  }
}
