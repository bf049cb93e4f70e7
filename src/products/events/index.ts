import type { ProductModule } from "../module";
import { registerEventAdminRoutes } from "./http/admin-routes";
import { EVENT_ID, registerEventRoutes } from "./http/routes";

/**
 * Events: concerts, theatre, sport, tours and shared-table dinners sold by ticket tier. Its
 * tables (schema/), search (search/) and routes (http/) live here; its seed (seed/) is listed in
 * src/products/seeds.ts, not here: the Worker bundle carries none of it.
 */
export const events: ProductModule<"events"> = {
  id: "events",
  idPrefix: "evt",
  isUnitId: (id) => EVENT_ID.test(id),
  registerRoutes(app, { isolate }) {
    registerEventRoutes(app, isolate);
    registerEventAdminRoutes(app, isolate);
  },
  cronTasks: {},
};
