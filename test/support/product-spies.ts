import { env } from "cloudflare:test";
import type { BookingItem } from "../../src/bookings/items";
import { productHooks } from "../../src/http/product-hooks";
import type { PaymentProvider } from "../../src/payments/provider";
import { createSandboxProvider } from "../../src/payments/sandbox";
import type { ProductModule } from "../../src/products/module";
import { PRODUCTS } from "../../src/products/registry";

/**
 * The registry with departures' module changed by `overrides`, routed the way production routes
 * it (productHooks, by the item's unit prefix): the engine cannot tell it from the real one.
 */
export function withDepartures(overrides: Partial<ProductModule>): ProductModule[] {
  return PRODUCTS.map((product) => (product.id === "departures" ? { ...product, ...overrides } : product));
}

export const hooksOf = (modules: ProductModule[]) => productHooks(env, () => Date.now(), modules);

/** Departures' onItemCancelled records every item it is told about (and `extra` changes more). */
export function spiedDepartures(extra: Partial<ProductModule> = {}) {
  const calls: BookingItem[] = [];
  const modules = withDepartures({
    onItemCancelled: async (_deps, item) => {
      calls.push(item);
    },
    ...extra,
  });
  return { calls, modules, products: hooksOf(modules) };
}

/**
 * The sandbox, except that while it charges the hold's clock passes the ten-minute deadline: the
 * holds are fine when the consumer checks them, and the success arrives for a hold that is gone.
 */
export function chargeOutlivingTheHold(clock: { advance(ms: number): void }): PaymentProvider {
  const sandbox = createSandboxProvider();
  return {
    ...sandbox,
    charge: async (request) => {
      clock.advance(11 * 60_000);
      return sandbox.charge(request);
    },
  };
}
