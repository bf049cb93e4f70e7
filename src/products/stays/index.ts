import { inventoryStub } from "../../inventory/stub";
import type { ProductModule } from "../module";
import { STAYS_CRON_TASKS } from "./cron";
import { describeStay } from "./describe";
import { PROPERTY_ID } from "./details/load-property";
import { stayHolds } from "./holds/product";
import { registerStaysOperatorRoutes } from "./http/operator-routes";
import { registerStaysRoutes } from "./http/routes";
import { staysInventory } from "./inventory/source";
import { listPropertyUnits } from "./units";

const count = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : 0);

/**
 * Stays: room-nights at properties. Its tables, search, details and routes live here; the holds
 * and bookings engine reaches it through `inventory` (the property's object, nights as pools),
 * `holds` (the stay body of POST /v1/holds), `describe` (the booking item) and `travellers`
 * (docs/stays.md). Its seed (seed/) is listed in src/products/seeds.ts, not here: the Worker
 * bundle carries none of it.
 */
export const stays: ProductModule<"stays"> = {
  id: "stays",
  idPrefix: "prp",
  isUnitId: (id) => PROPERTY_ID.test(id),
  inventory: staysInventory,
  holds: stayHolds,
  describe: describeStay,
  /** A named guest at least (the lead guest), at most one per guest of the party held. */
  travellers: (hold) => ({ min: 1, max: Math.max(1, count(hold.context.adults) + count(hold.context.children)) }),
  listUnits: listPropertyUnits,
  registerRoutes(app, { isolate, engine }) {
    registerStaysRoutes(app, isolate);
    registerStaysOperatorRoutes(app, isolate, {
      applyOperatorChanges: (services, propertyId, changes) =>
        inventoryStub(services.env, propertyId).applyOperatorChanges(changes),
      cancelBookingsOfCancelledUnit: (services, requestId, unitId) =>
        engine.cancelBookingsOfCancelledUnit(services, requestId, unitId),
    });
  },
  cronTasks: STAYS_CRON_TASKS,
};
