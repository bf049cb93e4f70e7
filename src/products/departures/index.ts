import type { ProductModule } from "../module";
import { departureBookingFields } from "./booking-fields";
import { DEPARTURES_CRON_TASKS } from "./cron";
import { describeDepartureHold } from "./describe";
import { departureHolds } from "./holds";
import { registerAdminDepartureRoutes } from "./http/admin-routes";
import { registerDepartureRoutes } from "./http/details-route";
import { registerSearchRoutes } from "./http/search-route";
import { isDepartureId } from "./id";
import { departureInventory } from "./inventory";
import { listDepartureUnits } from "./units";

/**
 * Trips: seats on scheduled departures (flights, trains, buses, ferries), searched by route-day.
 * Its seed (seed/) is listed in src/products/seeds.ts, not here: the Worker bundle carries none of it.
 */
export const departures: ProductModule<"departures"> = {
  id: "departures",
  idPrefix: "dep",
  isUnitId: isDepartureId,
  inventory: departureInventory,
  holds: departureHolds,
  describe: ({ db }, hold) => describeDepartureHold(db, hold),
  // One named passenger per seat, as before bookings had items.
  travellers: (hold) => {
    const seats = hold.lines.reduce((sum, line) => sum + line.quantity, 0);
    return { min: seats, max: seats };
  },
  bookingFields: departureBookingFields,
  listUnits: listDepartureUnits,
  registerRoutes(app, { isolate, engine }) {
    registerSearchRoutes(app, isolate);
    registerDepartureRoutes(app);
    registerAdminDepartureRoutes(app, isolate, engine);
  },
  cronTasks: DEPARTURES_CRON_TASKS,
};
