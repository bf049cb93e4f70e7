import { inventoryStub } from "../../inventory/stub";
import type { EngineActions } from "../module";
import type { EventsEngine } from "./http/engine-routes";
import { waitlistEngine } from "./waitlist/engine";

/**
 * The engine as the events routes see it: operator changes go to the event's inventory object
 * (one RPC, one transaction), a cancellation's refunds to the bookings engine (handed in by the
 * app, never imported), the waitlist's holds to the object and its emails to the outbox.
 */
export function eventsEngine(actions: EngineActions): EventsEngine {
  return {
    applyOperatorChanges: (services, unitId, changes) =>
      inventoryStub(services.env, unitId).applyOperatorChanges(changes),
    cancelBookingsOfCancelledUnit: (services, requestId, unitId) =>
      actions.cancelBookingsOfCancelledUnit(services, requestId, unitId),
    waitlist: (services) => waitlistEngine(services.env, services.db, services.log, () => services.clock.now()),
  };
}
