import { z } from "@hono/zod-openapi";
import { CLOSURE_KINDS } from "../../config";
import { ROOM_TYPE_ID } from "../../inventory/pools";

const reason = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .openapi({ description: "Why; kept with the change and in the object's ledger" });
const date = (description: string) => z.iso.date().openapi({ description, example: "2026-12-04" });
const roomTypeId = z.string().regex(ROOM_TYPE_ID, "A room type id is rt_ and 1 to 50 letters, digits, _ or -");

export const RoomTypeParams = z.object({
  property_id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: "property_id", in: "path" }, example: "prp_par0001" }),
  room_type_id: roomTypeId.openapi({ param: { name: "room_type_id", in: "path" }, example: "rt_par0001_1" }),
});

export const RoomCountBody = z
  .object({
    room_count: z.number().int().min(0).max(10_000).openapi({ description: "Rooms sold each night from `from` on" }),
    from: date("First night the count applies to, at the property"),
    reason,
  })
  .strict()
  .openapi("StayRoomCountChange");

export const RatesBody = z
  .object({
    from: date("First night, at the property"),
    to: date("Last night, inclusive"),
    price_minor: z
      .number()
      .int()
      .min(1)
      .max(1_000_000_000)
      .optional()
      .openapi({ description: "Per room per night, minor units of the property's currency" }),
    min_stay: z
      .number()
      .int()
      .min(1)
      .max(30)
      .optional()
      .openapi({ description: "Nights, for stays arriving on these nights" }),
    reason,
  })
  .strict()
  .refine((b) => b.price_minor !== undefined || b.min_stay !== undefined, {
    path: ["price_minor"],
    message: "Give price_minor, min_stay or both",
  })
  .openapi("StayRatesChange");

export const ClosureBody = z
  .object({
    from: date("First night, at the property"),
    to: date("Last night, inclusive"),
    kind: z
      .enum(CLOSURE_KINDS)
      .openapi({ description: "closed: no stay includes the nights; no_arrival: no stay starts on them" }),
    room_type_id: roomTypeId.optional().openapi({ description: "One room type; absent: the whole property" }),
    reason,
  })
  .strict()
  .openapi("StayClosure");

export const ClosePropertyBody = z.object({ reason }).strict().openapi("StayPropertyClosure");

export const OperatorChangeResponse = z
  .object({
    data: z.object({
      property_id: z.string(),
      nights: z.number().int().openapi({ description: "Room-type nights the inventory object was told about" }),
    }),
  })
  .openapi("StayOperatorChange");

export const ClosePropertyResponse = z
  .object({
    data: z.object({
      property_id: z.string(),
      status: z.literal("closed"),
      refunds: z
        .literal("started")
        .openapi({ description: "Every booking is being cancelled and refunded in the background" }),
    }),
  })
  .openapi("StayPropertyClosed");
