import { createDb } from "../db/client";
import type { AppEnv } from "../env";
import { inventoryStub } from "../inventory/stub";
import type { Clock } from "../lib/clock";
import type { Logger } from "../lib/logger";
import type { BookingDeps, ProductHooks } from "./deps";

/** BookingDeps for background work (queue consumer, cron), always on the primary: a replica
 *  might not have the row a job names yet. */
export function bookingDepsFromEnv(env: AppEnv, a: { clock: Clock; log: Logger; products: ProductHooks }): BookingDeps {
  return {
    db: createDb(env.DB.withSession("first-primary")),
    inventory: (unitId) => inventoryStub(env, unitId),
    paymentJobs: env.PAYMENT_JOBS,
    emailJobs: env.EMAIL_JOBS,
    clock: a.clock,
    log: a.log,
    requestId: null,
    products: a.products,
  };
}
