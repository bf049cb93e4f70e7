import { bookingDepsFromEnv } from "../bookings/env-deps";
import { cancelBookingsOfCancelledUnits, recordUnitCancellation } from "../bookings/operator-cancel";
import type { EngineActions } from "../products/module";
import { productOfUnit } from "../products/registry";
import { productHooks } from "./product-hooks";

/** The engine work products' routes may start (ProductContext.engine), wired here, above both. */
export const engineActions: EngineActions = {
  cancelBookingsOfCancelledUnit(services, requestId, unitId) {
    const products = productHooks(services.env, () => services.clock.now());
    const deps = { ...bookingDepsFromEnv(services.env, { ...services, products }), requestId };
    const product = productOfUnit(unitId)?.id ?? "unknown";
    services.waitUntil(
      (async () => {
        // Recorded first: from then on the reconcile cron finishes whatever this run does not.
        await recordUnitCancellation(deps, { unitId, product, reason: "cancelled by the operator" });
        await cancelBookingsOfCancelledUnits({ deps, unitId });
      })().catch((error: unknown) =>
        deps.log.error("operator_cancel_failed", { unit_id: unitId, error: String(error) }),
      ),
    );
  },
};
