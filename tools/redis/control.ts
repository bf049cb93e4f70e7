import type { RedisPool } from "./connection.ts";

export interface Fault {
  delayMs?: number;
  down?: boolean;
}

export interface FaultState {
  global: Fault;
  byDb: Map<number, Fault>;
  nextLease: number;
}

type Reply = { status: number; body: unknown };

const bad = (message: string): Reply => ({ status: 400, body: { error: message } });

/**
 * Test-only knobs, behind the same token as the data paths:
 * - `{"lease_db": true}` hands out an emptied logical database nobody else holds (round robin);
 * - `{"delay_ms": n}`, `{"down": true|false}`, `{"reset": true}` set faults, for one database
 *   when `"db": n` is given (so one test file's outage never reaches another), else for all.
 */
export async function handleControl(text: string, faults: FaultState, pool: RedisPool): Promise<Reply> {
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return bad("ERR send a JSON object");
    input = parsed as Record<string, unknown>;
  } catch {
    return bad("ERR the control body is not valid JSON");
  }
  if (input.lease_db === true) return { status: 200, body: { db: await leaseDb(faults, pool) } };

  const db = input.db;
  if (db !== undefined && !(Number.isInteger(db) && (db as number) >= 0)) return bad("ERR db must be an integer >= 0");
  const delay = input.delay_ms;
  if (delay !== undefined && !(typeof delay === "number" && delay >= 0)) return bad("ERR delay_ms must be >= 0");
  if (input.down !== undefined && typeof input.down !== "boolean") return bad("ERR down must be a boolean");

  const current: Fault =
    input.reset === true ? {} : { ...(db === undefined ? faults.global : faults.byDb.get(db as number)) };
  if (typeof delay === "number") current.delayMs = delay;
  if (typeof input.down === "boolean") current.down = input.down;
  if (db === undefined) faults.global = current;
  else faults.byDb.set(db as number, current);
  return {
    status: 200,
    body: { ok: true, db: db ?? null, delay_ms: current.delayMs ?? 0, down: current.down ?? false },
  };
}

async function leaseDb(faults: FaultState, pool: RedisPool): Promise<number> {
  const admin = await pool.acquire(0);
  try {
    const reply = await admin.command("CONFIG", "GET", "databases");
    const count = Array.isArray(reply) ? Number(String(reply[1])) : 16;
    if (faults.nextLease >= count) faults.nextLease = 1;
    const db = faults.nextLease;
    faults.nextLease += 1;
    await admin.send([["SELECT", String(db)], ["FLUSHDB"], ["SELECT", "0"]]);
    faults.byDb.delete(db);
    return db;
  } finally {
    pool.release(admin);
  }
}
