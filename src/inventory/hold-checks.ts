import { err, ok, type Result } from "../lib/result";
import { type HoldLineRequest, type PlaceHoldInput, POOL_NAME, type PoolState, type RefusalCodes } from "./contract";
import type { BookSource } from "./hold-book";
import { HOLD_POLICY, quantityInRange } from "./policy";

/** The request's shape: 1..maxLines lines, each pool once and well named, each quantity in range. */
export function checkHoldRequest(input: PlaceHoldInput, codes: RefusalCodes): Result<void> {
  const { lines } = input;
  if (!Array.isArray(lines) || lines.length === 0 || lines.length > HOLD_POLICY.maxLines) {
    return err("VALIDATION_FAILED", `A hold has 1 to ${HOLD_POLICY.maxLines} lines.`);
  }
  const seen = new Set<string>();
  for (const line of lines) {
    if (typeof line.pool !== "string" || !POOL_NAME.test(line.pool)) {
      return err("VALIDATION_FAILED", "A pool name is 1 to 64 letters, digits or _ . : @ -.");
    }
    if (seen.has(line.pool)) return err("VALIDATION_FAILED", `Pool ${line.pool} appears twice in the hold.`);
    seen.add(line.pool);
    if (!quantityInRange(line.quantity))
      return err(codes.invalidQuantity, `Cannot hold ${line.quantity} of ${line.pool}.`);
  }
  return ok(undefined);
}

/**
 * Each line's pool, in line order: it exists, its sales window is open now, and the line keeps to
 * its per-hold limit. Capacity is counted after the product's rules, by the caller.
 */
export function checkPools(
  lines: readonly HoldLineRequest[],
  found: ReadonlyMap<string, PoolState>,
  now: number,
  { codes, nouns }: BookSource,
): Result<PoolState[]> {
  const pools: PoolState[] = [];
  for (const line of lines) {
    const pool = found.get(line.pool);
    if (!pool) return err(codes.poolNotFound, `This ${nouns.unit} does not sell ${line.pool}.`);
    if (pool.salesOpenAt !== null && now < pool.salesOpenAt) {
      return err("SALES_NOT_OPEN", `Sales of ${pool.label} open at ${new Date(pool.salesOpenAt).toISOString()}.`, {
        pool: pool.pool,
        sales_open_at: new Date(pool.salesOpenAt).toISOString(),
      });
    }
    if (pool.salesCloseAt !== null && now >= pool.salesCloseAt) {
      return err(codes.salesClosed, `Sales of ${pool.label} have closed.`, { pool: pool.pool });
    }
    if (pool.maxPerHold !== null && line.quantity > pool.maxPerHold) {
      return err("ORDER_LIMIT_EXCEEDED", `At most ${pool.maxPerHold} of ${pool.label} per hold.`, {
        pool: pool.pool,
        max_per_hold: pool.maxPerHold,
      });
    }
    pools.push(pool);
  }
  return ok(pools);
}
