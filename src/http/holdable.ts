import { z } from "@hono/zod-openapi";
import type { DomainError } from "../lib/result";
import type { ProductHolds } from "../products/module";
import { PRODUCTS, productOfUnit } from "../products/registry";
import { holdSchema, placeHoldSchema } from "./schemas/holds";

/**
 * The products whose units can be held over HTTP, each with its part of the API: shared by the
 * holds routes and the trips routes (a trip's item is any product's hold body), so both document
 * the same Hold and PlaceHold components.
 */
export const HOLDABLE = PRODUCTS.flatMap((p) =>
  "holds" in p && p.holds ? [{ id: p.id, holds: p.holds as ProductHolds }] : [],
);
export const HoldSchema = holdSchema(HOLDABLE.map((p) => p.holds));
export const PlaceHoldBody = placeHoldSchema(HOLDABLE.map((p) => p.holds));

export function holdsOf(unitId: string): ProductHolds | undefined {
  const product = productOfUnit(unitId);
  return HOLDABLE.find((p) => p.id === product?.id)?.holds;
}

/** What a trip's item may be besides a hold body: each product's bundles (departures: itineraries). */
const BUNDLES = HOLDABLE.flatMap((p) => (p.holds.bundle ? [p.holds.bundle] : []));
export const TripItemBody = z.union([...BUNDLES.map((b) => b.schema), PlaceHoldBody] as unknown as [
  z.ZodType,
  z.ZodType,
]);

/** The hold bodies a trip's item stands for: a bundle's, expanded by its product, or the body itself. */
export function holdBodiesOf(body: unknown): unknown[] {
  for (const bundle of BUNDLES) {
    const parsed = bundle.schema.safeParse(body);
    if (parsed.success) return bundle.expand(parsed.data);
  }
  return [body];
}

/** The product whose request schema the body matches (the union already validated it: one does). */
export function productOfBody(body: unknown): ProductHolds {
  const found = HOLDABLE.find((p) => p.holds.requestSchema.safeParse(body).success);
  if (!found) throw new Error("A validated hold body matched no product.");
  return found.holds;
}

/** An engine refusal in the words of the product whose unit it is (seats_left for departures…). */
export function productRefusal(error: DomainError, product: ProductHolds | undefined): DomainError {
  return product?.refusal ? product.refusal(error) : error;
}
