import { bookingDepsFromEnv } from "../bookings/env-deps";
import { cancelBookingsOfCancelledDepartures } from "../bookings/operator-cancel";
import type { EngineActions } from "../products/module";

/** The engine work products' routes may start (ProductContext.engine), wired here, above both. */
export const engineActions: EngineActions = {
  cancelBookingsOfCancelledUnit(services, requestId, unitId) {
    const deps = { ...bookingDepsFromEnv(services.env, services), requestId };
    services.waitUntil(cancelBookingsOfCancelledDepartures({ deps, departureId: unitId }));
  },
};
