import { env } from "cloudflare:test";

/**
 * Real Redis for tests, through the Upstash REST bridge started by test/global-setup.ts.
 *
 * Isolation: test files run in parallel against one redis-server, so each file leases a
 * logical database of its own when it first imports this module (the bridge serves database n
 * under `<bridge>/db/n`). Keys, FLUSHDB and injected faults then stay inside the file. Tests
 * within a file run one after another, so `flushRedis()` in a beforeEach cannot race either.
 */
const bridgeUrl = env.TEST_REDIS_URL;
const token = env.TEST_REDIS_TOKEN;

async function bridge(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${bridgeUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`Redis bridge ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

const lease = (await bridge("/__control", { lease_db: true })) as { db: number };

/** This file's logical database and the REST URL that reaches it. */
export const redisDb = lease.db;
export const redisUrl = `${bridgeUrl}/db/${redisDb}`;
export const redisToken = token;

export interface RedisSecrets {
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
}

/** The env plus Upstash credentials for this file's database. */
export function envWithRedis<E extends object>(base: E): E & RedisSecrets {
  return { ...base, UPSTASH_REDIS_REST_URL: redisUrl, UPSTASH_REDIS_REST_TOKEN: token };
}

/** Redis configured but unreachable: nothing listens on port 1 (binding it needs root). */
export function envWithRedisDown<E extends object>(base: E): E & RedisSecrets {
  return { ...base, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1", UPSTASH_REDIS_REST_TOKEN: token };
}

/**
 * Faults for this file's database only: `delayMs` holds every request that long before Redis
 * sees it; `down` drops the connection without an answer, as an outage looks to a client.
 */
export async function setBridgeFault(fault: { delayMs?: number; down?: boolean }): Promise<void> {
  await bridge("/__control", { db: redisDb, delay_ms: fault.delayMs, down: fault.down });
}

export async function resetBridgeFault(): Promise<void> {
  await bridge("/__control", { db: redisDb, reset: true });
}

/** Empties this file's database (and only it). */
export async function flushRedis(): Promise<void> {
  await bridge(`/db/${redisDb}`, ["FLUSHDB"]);
}

/** One raw command against this file's database, answered as Redis answered it (no base64). */
export async function redisCommand(...args: (string | number)[]): Promise<unknown> {
  const { result } = (await bridge(`/db/${redisDb}`, args)) as { result: unknown };
  return result;
}
