import { bookingDepsFromEnv } from "../bookings/env-deps";
import { reconcileBookings } from "../bookings/reconcile";
import { CRONS, type CronJob } from "../config";
import type { Database } from "../db/client";
import type { AppEnv } from "../env";
import { purgeExpiredIdempotencyKeys } from "../idempotency/store";
import { fixedClock } from "../lib/clock";
import type { Logger } from "../lib/logger";
import { sweepPendingOutbox } from "../notifications/sweep";
import { paymentProviderFromEnv } from "../payments/factory";
import { refreshDepsFromEnv, refreshPopularRoutes } from "../products/departures/search/refresh-popular";
import { purgeSentOutbox } from "./cleanup";
import { scheduleDepartureReminders } from "./reminders";

/** What every cron task gets: the bindings, a database handle and the trigger's own time. */
export interface CronContext {
  env: AppEnv;
  db: Database;
  log: Logger;
  /** controller.scheduledTime (epoch ms): the time the run is for, not when it started. */
  now: number;
}

export interface CronTask {
  name: string;
  run(ctx: CronContext): Promise<Record<string, unknown>>;
}

const reconcile: CronTask = {
  name: "reconcileBookings",
  run: async ({ env, log, now }) => {
    // Without a provider (Stripe without its key) the sweep still re-sends jobs; only the stuck
    // rule, which asks the provider itself, waits and reports the booking as stuck.
    const choice = paymentProviderFromEnv(env);
    const provider = choice.ok ? choice.provider : null;
    const deps = { ...bookingDepsFromEnv(env, { clock: fixedClock(now), log }), provider };
    return { ...(await reconcileBookings({ deps, now })) };
  },
};

const purgeIdempotencyKeys: CronTask = {
  name: "purgeExpiredIdempotencyKeys",
  run: async ({ env, now }) => ({ deleted: await purgeExpiredIdempotencyKeys(env.DB, now) }),
};

const sweepOutbox: CronTask = {
  name: "sweepPendingOutbox",
  run: ({ env, log, now }) => sweepPendingOutbox({ deps: { d1: env.DB, emailJobs: env.EMAIL_JOBS, log }, now }),
};

const reminders: CronTask = {
  name: "scheduleDepartureReminders",
  run: ({ env, log, now }) => scheduleDepartureReminders({ deps: { d1: env.DB, emailJobs: env.EMAIL_JOBS, log }, now }),
};

const refreshPopular: CronTask = {
  name: "refreshPopularRoutes",
  run: ({ env, log, now }) => refreshPopularRoutes({ deps: refreshDepsFromEnv(env, log, () => now), now }),
};

const purgeOutbox: CronTask = {
  name: "purgeSentOutbox",
  run: ({ env, log, now }) => purgeSentOutbox({ deps: { d1: env.DB, log }, now }),
};

/**
 * The one table of scheduled work, keyed like CRONS (whose expressions wrangler.toml repeats).
 * The outbox sweep rides on the five-minute trigger rather than the nightly cleanup: an email
 * whose enqueue was lost should wait minutes, not until 03:30.
 */
export const CRON_TASKS: Record<CronJob, CronTask[]> = {
  reconcile: [reconcile, sweepOutbox],
  refreshPopularRoutes: [refreshPopular],
  reminders: [reminders],
  cleanup: [purgeIdempotencyKeys, purgeOutbox],
};

/** The job a trigger's cron expression stands for, or null for an expression we do not know. */
export function cronJobFor(expression: string): CronJob | null {
  for (const job of Object.keys(CRONS) as CronJob[]) {
    if (CRONS[job] === expression) return job;
  }
  return null;
}
