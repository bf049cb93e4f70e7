import { purgeExpiredCredentials } from "../accounts/purge";
import { anonymiseExpiredPersonalData } from "../accounts/retention";
import type { ProductHooks } from "../bookings/deps";
import { bookingDepsFromEnv } from "../bookings/env-deps";
import { announceOverdueItems } from "../bookings/item-cancelled";
import { reconcileBookings } from "../bookings/reconcile";
import { CRONS, type CronJob } from "../config";
import { createDb } from "../db/client";
import type { AppEnv } from "../env";
import { purgeExpiredIdempotencyKeys } from "../idempotency/store";
import { fixedClock } from "../lib/clock";
import { sweepPendingOutbox } from "../notifications/sweep";
import { paymentProviderFromEnv } from "../payments/factory";
import { evaluateAlerts } from "./alerts";
import { backupDatabase } from "./backup";
import { purgeSentOutbox } from "./cleanup";
import { scheduleReminders } from "./reminders";
import type { CronTask } from "./task";

/** The products' hooks for one run (src/http/product-hooks.ts, passed in by the composition root). */
export type ProductHooksFor = (env: AppEnv, now: () => number) => ProductHooks;

const reconcile = (products: ProductHooksFor): CronTask => ({
  name: "reconcileBookings",
  run: async ({ env, log, now }) => {
    // Without a provider (Stripe without its key) the sweep still re-sends jobs; only the stuck
    // rule, which asks the provider itself, waits and reports the booking as stuck.
    const choice = paymentProviderFromEnv(env);
    const provider = choice.ok ? choice.provider : null;
    const clock = fixedClock(now);
    const deps = { ...bookingDepsFromEnv(env, { clock, log, products: products(env, () => now) }), provider };
    return { ...(await reconcileBookings({ deps, now })) };
  },
});

/** onItemCancelled calls that failed or were cut short (src/bookings/item-cancelled.ts), called again. */
const announceItems = (products: ProductHooksFor): CronTask => ({
  name: "announceCancelledItems",
  run: async ({ env, db, log, now }) => {
    const deps = { db, log, clock: fixedClock(now), products: products(env, () => now) };
    return { ...(await announceOverdueItems({ deps, now })) };
  },
});

const purgeIdempotencyKeys: CronTask = {
  name: "purgeExpiredIdempotencyKeys",
  run: async ({ env, now }) => ({ deleted: await purgeExpiredIdempotencyKeys(env.DB, now) }),
};

const sweepOutbox: CronTask = {
  name: "sweepPendingOutbox",
  run: ({ env, db, log, now }) => sweepPendingOutbox({ deps: { db, emailJobs: env.EMAIL_JOBS, log }, now }),
};

const reminders: CronTask = {
  name: "scheduleReminders",
  run: ({ env, db, log, now }) => scheduleReminders({ deps: { d1: env.DB, db, emailJobs: env.EMAIL_JOBS, log }, now }),
};

const purgeCredentials: CronTask = {
  name: "purgeExpiredCredentials",
  run: ({ env, log, now }) => purgeExpiredCredentials({ deps: { db: createDb(env.DB), log }, now }),
};

const retention: CronTask = {
  name: "anonymiseExpiredPersonalData",
  run: ({ env, db, log, now }) => anonymiseExpiredPersonalData({ deps: { db, d1: env.DB, log }, now }),
};

const purgeOutbox: CronTask = {
  name: "purgeSentOutbox",
  run: ({ db, log, now }) => purgeSentOutbox({ deps: { db, log }, now }),
};

/**
 * The engine's scheduled work, keyed like CRONS (whose expressions wrangler.toml repeats), given
 * the products' hooks its booking work calls (a stuck booking confirmed late sends the same
 * email, tickets and all, as one confirmed at once).
 * The outbox sweep rides on the five-minute trigger rather than the nightly cleanup: an email
 * whose enqueue was lost should wait minutes, not until 03:30.
 */
export function engineCronTasks(products: ProductHooksFor): Partial<Record<CronJob, readonly CronTask[]>> {
  return {
    reconcile: [reconcile(products), announceItems(products), sweepOutbox],
    reminders: [reminders],
    cleanup: [purgeIdempotencyKeys, purgeOutbox, purgeCredentials, retention],
    alerts: [evaluateAlerts],
    backup: [backupDatabase],
  };
}

/**
 * The one table of scheduled work: the engine's tasks, then each product's, per trigger
 * (assembled by the composition root, workers/cron.ts, from the product registry).
 */
export function cronTable(
  engine: Partial<Record<CronJob, readonly CronTask[]>>,
  products: readonly { cronTasks: Partial<Record<CronJob, readonly CronTask[]>> }[],
): Record<CronJob, readonly CronTask[]> {
  const table = Object.fromEntries(Object.keys(CRONS).map((job) => [job, [] as CronTask[]])) as Record<
    CronJob,
    CronTask[]
  >;
  for (const tasks of [engine, ...products.map((p) => p.cronTasks)]) {
    for (const [job, list] of Object.entries(tasks) as [CronJob, readonly CronTask[]][]) table[job].push(...list);
  }
  return table;
}

/** The job a trigger's cron expression stands for, or null for an expression we do not know. */
export function cronJobFor(expression: string): CronJob | null {
  for (const job of Object.keys(CRONS) as CronJob[]) {
    if (CRONS[job] === expression) return job;
  }
  return null;
}
