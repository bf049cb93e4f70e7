import type { BookableProducts } from "../bookings/create-booking";
import type { Database } from "../db/client";
import type { HoldView } from "../inventory/contract";
import { productOfUnit } from "../products/registry";

const describer = (unitId: string) => {
  const product = productOfUnit(unitId);
  return product && "describe" in product ? product.describe : undefined;
};

/** Without a rule of the product's own: at least one named traveller, at most one per unit held. */
function travellersOf(hold: HoldView) {
  const product = productOfUnit(hold.unitId);
  if (product && "travellers" in product && product.travellers) return product.travellers(hold);
  return {
    min: 1,
    max: Math.max(
      1,
      hold.lines.reduce((sum, line) => sum + line.quantity, 0),
    ),
  };
}

/** The bookings engine reaches the products through this, never by importing them. */
export function bookableProducts(db: Database): BookableProducts {
  return {
    isBookableUnit: (unitId) => describer(unitId) !== undefined,
    describe: async (hold) => (await describer(hold.unitId)?.({ db }, hold)) ?? null,
    travellers: travellersOf,
  };
}
