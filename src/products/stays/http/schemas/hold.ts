import { z } from "@hono/zod-openapi";
import { MoneySchema } from "../../../../api/schemas";
import { STAY_LIMITS } from "../../config";
import { PROPERTY_ID } from "../../details/load-property";
import { ROOM_TYPE_ID } from "../../inventory/pools";

/**
 * The body of `POST /v1/holds` for a stay: one room type of one property for every night from
 * check-in to the night before check-out. Shape only; what the dates and the party mean is
 * checked by mapStayHold, each refusal with its own code (docs/stays.md "Holds").
 */
export const StayHoldBody = z
  .object({
    property_id: z.string().regex(PROPERTY_ID, "A property id is prp_ and 1 to 60 letters, digits, _ or -").openapi({
      example: "prp_par0001",
    }),
    room_type_id: z
      .string()
      .regex(ROOM_TYPE_ID, "A room type id is rt_ and 1 to 50 letters, digits, _ or -")
      .openapi({ example: "rt_par0001_1" }),
    check_in: z.iso.date().openapi({ description: "Local date at the property", example: "2026-12-04" }),
    check_out: z.iso
      .date()
      .openapi({ description: "Local date; 1 to 30 nights after check-in", example: "2026-12-06" }),
    rooms: z.number().int().min(1).max(STAY_LIMITS.maxRooms),
    adults: z
      .number()
      .int()
      .min(1)
      .max(STAY_LIMITS.maxRooms * STAY_LIMITS.maxAdultsPerRoom)
      .openapi({
        description: "In all rooms; at least one per room",
      }),
    children: z
      .number()
      .int()
      .min(0)
      .max(STAY_LIMITS.maxRooms * STAY_LIMITS.maxGuestsPerRoom)
      .default(0)
      .openapi({
        description: "In all rooms",
      }),
  })
  .strict()
  .openapi("PlaceStayHold");

export type StayHoldBodyInput = z.infer<typeof StayHoldBody>;

/** What a stay's Hold adds to the engine's template (id, lines, total_price…). */
export const StayHoldFieldsSchema = z
  .object({
    property_id: z.string(),
    room_type_id: z.string(),
    check_in: z.string(),
    check_out: z.string(),
    nights: z.number().int(),
    rooms: z.number().int(),
    adults: z.number().int(),
    children: z.number().int(),
    nightly: z
      .array(z.object({ date: z.string(), price: MoneySchema }))
      .openapi({ description: "One room's locked price, night by night" }),
    total_price: MoneySchema.openapi({ description: "All rooms, all nights" }),
  })
  .openapi("StayHoldFields");

export type StayHoldFields = z.infer<typeof StayHoldFieldsSchema>;
