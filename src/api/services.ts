import type { Redis } from "@upstash/redis/cloudflare";
import { createRedis } from "../cache/redis-client";
import { createDb, type Database } from "../db/client";
import type { AppEnv } from "../env";
import { type Clock, systemClock } from "../lib/clock";
import type { Logger } from "../lib/logger";
import { type Metrics, noMetrics } from "../metrics/events";

/** Request-scoped dependencies, built once per request by the services middleware. */
export interface Services {
  env: AppEnv;
  db: Database;
  /** Null when Redis is not configured: every Redis-backed feature must degrade cleanly. */
  redis: Redis | null;
  clock: Clock;
  log: Logger;
  /** Counters and latencies for Analytics Engine and the rolling summary (src/metrics). */
  metrics: Metrics;
  waitUntil: (promise: Promise<unknown>) => void;
}

export function buildServices(
  env: AppEnv,
  waitUntil: Services["waitUntil"],
  log: Logger,
  metrics: Metrics = noMetrics,
): Services {
  // Built on first use: drizzle walks the whole schema when constructed, a cost that showed in
  // the benchmark's profile of every request, and most cached searches never touch D1.
  let db: Database | undefined;
  return {
    env,
    get db() {
      db ??= createDb(env.DB);
      return db;
    },
    redis: createRedis(env),
    clock: systemClock,
    log,
    metrics,
    waitUntil,
  };
}
