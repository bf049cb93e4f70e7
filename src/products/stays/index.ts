import type { ProductModule } from "../module";
import { STAYS_CRON_TASKS } from "./cron";
import { describeStay } from "./describe";
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
  registerRoutes(app, { isolate }) {
    registerStaysRoutes(app, isolate);
  },
  cronTasks: STAYS_CRON_TASKS,
};

/**
 * What stays gives the product-neutral engine (ENGINE.md), joined to the module when the engine
 * lands: the inventory source the property's object runs (built with the Worker's ScopeVersions
 * for `bumpCities`), the hold body, its mapping to `{ unitId, lines, context }` and its fields of
 * the Hold response, the booking item snapshot, and the operator routes (registered with the
 * object's applyOperatorChanges and the bookings engine's cancel-and-refund of a cancelled unit).
 */
export const staysEngineParts = {
  createInventory: createStaysInventory,
  holdBody: StayHoldBody,
  mapHold: mapStayHold,
  holdFieldsSchema: StayHoldFieldsSchema,
  holdFields: stayHoldFields,
  describe: describeStay,
  registerOperatorRoutes: registerStaysOperatorRoutes,
} as const;
