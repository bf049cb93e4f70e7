import type { ProductHooks } from "../bookings/deps";
import { createDb } from "../db/client";
import type { AppEnv } from "../env";
import type { ProductModule } from "../products/module";
import { PRODUCTS } from "../products/registry";

/**
 * The products' hooks the bookings engine calls (BookingDeps.products), each routed to the module
 * whose prefix the item's unit carries; a product without the hook has nothing to add or undo.
 * `products` is the registry but for tests, which register a module of their own beside it.
 */
export function productHooks(
  env: AppEnv,
  now: () => number,
  products: readonly ProductModule[] = PRODUCTS,
): ProductHooks {
  const db = createDb(env.DB.withSession("first-primary"));
  const moduleOf = (unitId: string) => products.find((p) => unitId.startsWith(`${p.idPrefix}_`) && p.isUnitId(unitId));
  return {
    confirmationExtras: async (item, booking) => {
      const product = moduleOf(item.unitId);
      if (!product?.confirmationExtras) return { details: [], attachments: [] };
      return product.confirmationExtras({ db, env, now }, item, booking);
    },
    itemCancelled: async (item) => {
      await moduleOf(item.unitId)?.onItemCancelled?.({ db, env, now }, item);
    },
  };
}
