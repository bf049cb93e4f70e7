import type { ProductModule } from "../module";
import { STAYS_CRON_TASKS } from "./cron";
import { describeStay } from "./describe";
import { PROPERTY_ID } from "./details/load-property";
import { mapStayHold, stayHoldFields } from "./holds/request";
import { registerStaysOperatorRoutes } from "./http/operator-routes";
import { registerStaysRoutes } from "./http/routes";
import { StayHoldBody, StayHoldFieldsSchema } from "./http/schemas/hold";
import { createStaysInventory } from "./inventory/source";

/**
 * Stays: room-nights at properties. Its tables, search, details and routes live here; the holds
 * and bookings engine reaches it with the product-neutral engine (docs/stays.md). Its seed (seed/)
 * is listed in src/products/seeds.ts, not here: the Worker bundle carries none of it.
 */
export const stays: ProductModule<"stays"> = {
  id: "stays",
  idPrefix: "prp",
  isUnitId: (id) => PROPERTY_ID.test(id),
  registerRoutes(app, { isolate }) {
    registerStaysRoutes(app, isolate);
  },
  cronTasks: STAYS_CRON_TASKS,
};

/** What stays gives the product-neutral engine, joined to the module in the next step. */
export const staysEngineParts = {
  createInventory: createStaysInventory,
  holdBody: StayHoldBody,
  mapHold: mapStayHold,
  holdFieldsSchema: StayHoldFieldsSchema,
  holdFields: stayHoldFields,
  describe: describeStay,
  registerOperatorRoutes: registerStaysOperatorRoutes,
} as const;
