import type { z } from "@hono/zod-openapi";
import type { ConfirmedItem, ProductBookingFields } from "../products/module";
import { PRODUCTS, productOfUnit } from "../products/registry";

/**
 * The products that add members of their own to the Booking and OperatorBooking bodies
 * (src/products/module.ts ProductBookingFields): the engine's schemas compose them from here and
 * name none of them.
 */
const WITH_FIELDS = PRODUCTS.flatMap((p) =>
  "bookingFields" in p && p.bookingFields
    ? [{ id: p.id as string, fields: p.bookingFields as ProductBookingFields }]
    : [],
);

export const productBookingShapes = (): Record<string, z.ZodType> =>
  Object.assign({}, ...WITH_FIELDS.map((p) => p.fields.fields));

export const productListingShapes = (): Record<string, z.ZodType> =>
  Object.assign({}, ...WITH_FIELDS.map((p) => p.fields.listingFields ?? {}));

/** Each product's members, from the booking's items of that product. */
export function productBookingMembers(
  items: readonly (ConfirmedItem & { product: string })[],
): Record<string, unknown> {
  const members: Record<string, unknown> = {};
  for (const p of WITH_FIELDS) {
    const own = items.filter((item) => item.product === p.id);
    if (own.length > 0) Object.assign(members, p.fields.present(own));
  }
  return members;
}

/** Each product's members of an operator's listing, from the booking's units of that product. */
export function productListingMembers(unitIds: readonly string[]): Record<string, unknown> {
  const members: Record<string, unknown> = {};
  for (const p of WITH_FIELDS) {
    const own = unitIds.filter((id) => productOfUnit(id)?.id === p.id);
    if (own.length > 0 && p.fields.presentListing) Object.assign(members, p.fields.presentListing(own));
  }
  return members;
}
