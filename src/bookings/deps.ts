import type { Database } from "../db/client";
import type { InventoryRpc } from "../inventory/contract";
import type { Clock } from "../lib/clock";
import type { Logger } from "../lib/logger";
import type { Metrics } from "../metrics/events";
import type { ConfirmationExtras } from "./emails";
import type { BookingItem } from "./items";

/**
 * What booking and payment verbs need. `db` is drizzle over one D1 session (the primary for
 * background work, the request's session over HTTP): guarded batches go through `db.batch`.
 */
export interface BookingDeps {
  db: Database;
  /** The inventory object of a unit (a booking item's `unit_id`). */
  inventory: (unitId: string) => InventoryRpc;
  paymentJobs: Queue;
  emailJobs: Queue;
  clock: Clock;
  log: Logger;
  /** Recorded on timeline events written by this request or job. */
  requestId: string | null;
  /**
   * What the engine asks of the products, by the item's unit (ProductModule hooks, wired by the
   * composition root: src/http/describe-holds.ts). Required, so no path that settles or cancels
   * a booking can be built without them.
   */
  products: ProductHooks;
  /** Payment outcomes are recorded here (src/metrics); absent, nothing is. */
  metrics?: Metrics;
}

/** The products' part in a booking's life, as the engine calls it (never importing a product). */
export interface ProductHooks {
  /** Extra rows and files of one confirmed item's email (ProductModule.confirmationExtras). */
  confirmationExtras: ConfirmationExtras;
  /** An item's row now says cancelled (ProductModule.onItemCancelled): events void its tickets. */
  itemCancelled(item: BookingItem): Promise<void>;
}
