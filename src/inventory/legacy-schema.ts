/**
 * Objects created before the engine (class DepartureInventory) stored one departure as
 * `departure`, `fare_classes`, `holds (cabin, seats, …)` and `ledger (cabin, …)`. The first time
 * such an object wakes as an InventoryObject it is rewritten in place, in one transaction, into
 * the engine's tables: the departure becomes the unit, each fare class a pool named by its cabin,
 * each hold a hold with one line, and the ledger keeps every entry (its cabin column becomes pool)
 * so it still replays to the counts. Only departures existed then, so this is the one place the
 * engine knows their old layout; the refund rule it locks into old holds is departures' rule at
 * the time (everything back until departure), and labels are the cabin capitalised, as the
 * departures source names its pools.
 */
export const LEGACY_TABLE = "departure";

export const LEGACY_MIGRATION = [
  "ALTER TABLE holds RENAME TO legacy_holds",
  "DROP INDEX IF EXISTS holds_status_expiry_idx",
  "ALTER TABLE ledger RENAME COLUMN cabin TO pool",
  // (the engine's tables are created here, between these statements and the copies below)
] as const;

export const LEGACY_COPY = [
  `INSERT INTO unit (id, unit_id, product, status, closes_at, currency, initialised_at)
   SELECT 1, departure_id, 'departures', CASE status WHEN 'cancelled' THEN 'cancelled' ELSE 'open' END, departs_at,
     COALESCE((SELECT currency FROM fare_classes ORDER BY cabin LIMIT 1), 'EUR'), initialised_at
   FROM departure`,
  `INSERT INTO pools (pool, capacity, held, sold, price_minor, label, sales_open_at, sales_close_at, max_per_hold,
     refund_policy, attrs)
   SELECT f.cabin, f.capacity, f.held, f.sold, f.price_minor, upper(substr(f.cabin, 1, 1)) || substr(f.cabin, 2),
     NULL, NULL, NULL, json_array(json_object('before', d.departs_at, 'refundBps', 10000)), '{}'
   FROM fare_classes f, departure d`,
  `INSERT INTO holds (id, lines, total_minor, currency, status, ttl_seconds, expires_at, extended, extension_seconds,
     booking_id, context, created_at, updated_at)
   SELECT h.id,
     json_array(json_object('pool', h.cabin, 'label', upper(substr(h.cabin, 1, 1)) || substr(h.cabin, 2),
       'quantity', h.seats, 'unitPriceMinor', h.unit_price_minor, 'totalMinor', h.unit_price_minor * h.seats,
       'refundPolicy', json_array(json_object('before', d.departs_at, 'refundBps', 10000)))),
     h.unit_price_minor * h.seats, h.currency, h.status, h.ttl_seconds, h.expires_at, h.extended, h.extension_seconds,
     h.booking_id, '{}', h.created_at, h.updated_at
   FROM legacy_holds h, departure d`,
  "UPDATE ledger SET kind = 'unit_cancelled' WHERE kind = 'departure_cancelled'",
  "DROP TABLE legacy_holds",
  "DROP TABLE fare_classes",
  "DROP TABLE departure",
] as const;
