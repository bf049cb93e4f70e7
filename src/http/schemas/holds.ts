import { z } from "@hono/zod-openapi";
import { MoneySchema } from "../../api/schemas";
import { CABINS } from "../../db/schema";
import type { HoldView } from "../../inventory/contract";
import { HOLD_POLICY } from "../../inventory/policy";
import { DEPARTURE_ID_PATTERN, DEPARTURE_ID_RULE } from "../../products/departures/id";

export const HOLD_STATUSES = ["held", "confirmed", "released", "expired", "cancelled"] as const;

export const PlaceHoldBody = z
  .object({
    departure_id: z.string().regex(DEPARTURE_ID_PATTERN, DEPARTURE_ID_RULE).openapi({ example: "dep_lhr_cdg_0815" }),
    cabin: z.enum(CABINS),
    passengers: z.number().int().min(HOLD_POLICY.minSeats).max(HOLD_POLICY.maxSeats),
  })
  .openapi("PlaceHold");

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

export const HoldSchema = z
  .object({
    id: z.string(),
    departure_id: z.string(),
    cabin: z.enum(CABINS),
    seats: z.number().int(),
    unit_price: MoneySchema,
    total_price: MoneySchema,
    status: z.enum(HOLD_STATUSES),
    expires_at: z.string().openapi({ description: "ISO 8601, UTC", example: "2026-11-23T16:30:00.000Z" }),
    extended: z.boolean(),
  })
  .openapi("Hold");

export type HoldBody = z.infer<typeof HoldSchema>;

export function toHoldBody(h: HoldView): HoldBody {
  return {
    id: h.holdId,
    departure_id: h.departureId,
    cabin: h.cabin,
    seats: h.seats,
    unit_price: { amount_minor: h.unitPriceMinor, currency: h.currency },
    total_price: { amount_minor: h.totalMinor, currency: h.currency },
    status: h.status,
    expires_at: new Date(h.expiresAt).toISOString(),
    extended: h.extended,
  };
}
