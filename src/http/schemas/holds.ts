import { z } from "@hono/zod-openapi";
import { MoneySchema } from "../../api/schemas";
import type { HoldView } from "../../inventory/contract";
import type { ProductHolds } from "../../products/module";

export const HOLD_STATUSES = ["held", "confirmed", "released", "expired", "cancelled"] as const;

export const HoldIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" }, example: "hld_…" }),
});

export const IdempotencyHeaders = z.object({
  "idempotency-key": z.string().min(1).max(255).optional(),
});

const HoldLineSchema = z
  .object({
    pool: z.string().openapi({ description: "The pool: a cabin, a room type on one night, a ticket tier." }),
    label: z.string(),
    quantity: z.number().int(),
    unit_price: MoneySchema,
    total_price: MoneySchema,
  })
  .openapi("HoldLine");

/** The engine's fields, the same for every product. */
const HoldFields = {
  id: z.string(),
  product: z.string().openapi({ example: "departures" }),
  unit_id: z.string().openapi({ description: "The departure, property or event held.", example: "dep_lhr_cdg_0815" }),
  status: z.enum(HOLD_STATUSES),
  expires_at: z.string().openapi({ description: "ISO 8601, UTC", example: "2026-11-23T16:30:00.000Z" }),
  extended: z.boolean(),
  lines: z.array(HoldLineSchema),
  total_price: MoneySchema,
};

/** One Hold schema: the engine's fields plus every registered product's own (optional: present on its holds). */
export function holdSchema(products: readonly ProductHolds[]) {
  const productFields = Object.assign({}, ...products.map((p) => p.responseFields)) as Record<string, z.ZodType>;
  return z.object({ ...HoldFields, ...productFields }).openapi("Hold");
}

/** The body POST /v1/holds takes: one product's body, or any of several. */
export function placeHoldSchema(products: readonly ProductHolds[]) {
  const [first, ...rest] = products.map((p) => p.requestSchema);
  if (!first) throw new Error("No product accepts holds.");
  const schema = rest.length === 0 ? first : z.union([first, ...rest]);
  return schema.openapi("PlaceHold");
}

type HoldBody = z.infer<z.ZodObject<typeof HoldFields>> & Record<string, unknown>;

export function toHoldBody(h: HoldView, product: ProductHolds | undefined): HoldBody {
  return {
    id: h.holdId,
    product: h.product,
    unit_id: h.unitId,
    ...product?.present(h),
    total_price: { amount_minor: h.totalMinor, currency: h.currency },
    status: h.status,
    expires_at: new Date(h.expiresAt).toISOString(),
    extended: h.extended,
    lines: h.lines.map((l) => ({
      pool: l.pool,
      label: l.label,
      quantity: l.quantity,
      unit_price: { amount_minor: l.unitPriceMinor, currency: h.currency },
      total_price: { amount_minor: l.totalMinor, currency: h.currency },
    })),
  };
}
