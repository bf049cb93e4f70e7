import type { ProductModule } from "../module";
import { PROPERTY_ID } from "./details/load-property";
import { registerStaysRoutes } from "./http/routes";

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
  cronTasks: {},
};
