/**
 * The object's own SQLite tables, created when a unit that can still sell is first loaded (never
 * for an unknown id). Each statement is idempotent, so an object that has tables runs them again
 * on every start and picks up new ones. The CHECK on pools repeats the invariant inside the
 * database: even a bug that skipped the checks in code could not store an oversold pool.
 * A hold's lines are JSON in its row: they never change after placement, and one row per hold
 * keeps the hold path to a few statements.
 */
export const INVENTORY_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS unit (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    unit_id TEXT NOT NULL,
    product TEXT NOT NULL,
    status TEXT NOT NULL,
    closes_at INTEGER,
    currency TEXT NOT NULL,
    initialised_at INTEGER NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS pools (
    pool TEXT PRIMARY KEY,
    capacity INTEGER NOT NULL,
    held INTEGER NOT NULL DEFAULT 0,
    sold INTEGER NOT NULL DEFAULT 0,
    price_minor INTEGER NOT NULL,
    label TEXT NOT NULL,
    sales_open_at INTEGER,
    sales_close_at INTEGER,
    max_per_hold INTEGER,
    refund_policy TEXT NOT NULL,
    attrs TEXT NOT NULL,
    CHECK (capacity >= 0 AND held >= 0 AND sold >= 0 AND held + sold <= capacity)
  )`,
  `CREATE TABLE IF NOT EXISTS holds (
    id TEXT PRIMARY KEY,
    lines TEXT NOT NULL,
    total_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    ttl_seconds INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    extended INTEGER NOT NULL DEFAULT 0,
    extension_seconds INTEGER,
    booking_id TEXT,
    context TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  )`,
  // The alarm and the sweep both ask "which held holds are due, earliest first".
  "CREATE INDEX IF NOT EXISTS holds_status_expiry_idx ON holds (status, expires_at)",
  `CREATE TABLE IF NOT EXISTS ledger (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    pool TEXT,
    hold_id TEXT,
    booking_id TEXT,
    held_delta INTEGER NOT NULL DEFAULT 0,
    sold_delta INTEGER NOT NULL DEFAULT 0,
    capacity_delta INTEGER NOT NULL DEFAULT 0,
    reason TEXT
  )`,
] as const;
