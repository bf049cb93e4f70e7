import type { BookableProducts } from "../bookings/create-booking";
import type { Database } from "../db/client";
import { productOfUnit } from "../products/registry";

const describer = (unitId: string) => {
  const product = productOfUnit(unitId);
  return product && "describe" in product ? product.describe : undefined;
};

/** The bookings engine reaches the products through this, never by importing them. */
export function bookableProducts(db: Database): BookableProducts {
  return {
    isBookableUnit: (unitId) => describer(unitId) !== undefined,
    describe: async (hold) => (await describer(hold.unitId)?.({ db }, hold)) ?? null,
  };
}
