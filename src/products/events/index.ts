import type { ProductModule } from "../module";
import { EVENTS_CRON_TASKS } from "./cron";
import { describeEventHold } from "./describe";
import { eventsEngine } from "./engine";
import { eventHolds } from "./holds/request";
import { registerEventAdminRoutes } from "./http/admin-routes";
import { registerEventEngineRoutes } from "./http/engine-routes";
import { registerEventRoutes } from "./http/routes";
import { isEventId } from "./id";
import { eventsInventory } from "./inventory";
import { voidTicketsOfCancelledItem } from "./tickets/cancelled";
import { eventConfirmationExtras } from "./tickets/confirmation";
import { listEventUnits } from "./units";

/**
 * Events: concerts, theatre, sport, tours and shared-table dinners sold by ticket tier. Its
 * tables (schema/), search (search/) and routes (http/) live here; its seed (seed/) is listed in
 * src/products/seeds.ts, not here: the Worker bundle carries none of it.
 */
export const events: ProductModule<"events"> = {
  id: "events",
  idPrefix: "evt",
  isUnitId: isEventId,
  inventory: eventsInventory,
  holds: eventHolds,
  describe: describeEventHold,
  /** A booking item names 1 to as many people as it has tickets (one lead booker is enough). */
  travellers: (hold) => ({ min: 1, max: hold.lines.reduce((sum, l) => sum + l.quantity, 0) }),
  confirmationExtras: eventConfirmationExtras,
  /** A cancelled item's tickets are void: the door refuses them (TICKET_VOID). */
  onItemCancelled: voidTicketsOfCancelledItem,
  listUnits: listEventUnits,
  registerRoutes(app, { isolate, engine }) {
    registerEventRoutes(app, isolate);
    registerEventAdminRoutes(app, isolate);
    registerEventEngineRoutes(app, isolate, eventsEngine(engine));
  },
  cronTasks: EVENTS_CRON_TASKS,
};
