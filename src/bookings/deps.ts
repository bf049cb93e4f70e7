import type { Database } from "../db/client";
import type { InventoryRpc } from "../inventory/contract";
import type { Clock } from "../lib/clock";
import type { Logger } from "../lib/logger";
import type { Metrics } from "../metrics/events";

export type D1 = D1Database | D1DatabaseSession;

/**
 * What booking and payment verbs need. `d1` and `db` are the same session: raw statements for
 * the guarded batches, drizzle for typed reads.
 */
export interface BookingDeps {
  d1: D1;
  db: Database;
  inventory: (departureId: string) => InventoryRpc;
  paymentJobs: Queue;
  emailJobs: Queue;
  clock: Clock;
  log: Logger;
  /** Recorded on timeline events written by this request or job. */
  requestId: string | null;
  /** Payment outcomes are recorded here (src/metrics); absent, nothing is. */
  metrics?: Metrics;
}
