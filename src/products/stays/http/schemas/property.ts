import { z } from "@hono/zod-openapi";
import { MoneySchema } from "../../../../api/schemas";
import { AMENITIES, PROPERTY_STATUSES, PROPERTY_TYPES, STAY_LIMITS } from "../../config";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

export const PropertyIdParam = z.object({
  property_id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: "property_id", in: "path" }, example: "prp_0va61mo101zt00" }),
});

export const RoomTypeSchema = z
  .object({
    id: z.string().openapi({ example: "rt_1l47at61wnrqkw" }),
    name: z.string(),
    room_count: z.number().int(),
    max_adults: z.number().int(),
    max_children: z.number().int().openapi({ description: "Children may also use adult places left free" }),
    base_rate: MoneySchema.openapi({ description: "Per room per night before weekday and season factors" }),
    weekday_percent: z
      .record(z.enum(WEEKDAYS), z.number().int())
      .openapi({ description: "Percent of the base rate by the weekday a night starts on" }),
    seasons: z.array(z.object({ from: z.string(), to: z.string(), percent: z.number().int() })).openapi({
      description: "Yearly ranges (MM-DD, inclusive, may wrap over New Year) and their percent of the base rate",
    }),
    min_stay: z.number().int().openapi({ description: "Nights; operator overrides may raise it for some dates" }),
    closed_to_arrival: z.array(z.enum(WEEKDAYS)).openapi({ description: "Weekdays no stay may start on" }),
    cancellation: z.object({
      free_until_days_before: z.number().int().nullable().openapi({
        description: "Free until this many days before check-in, 00:00 at the property; null: non-refundable",
      }),
      penalty_percent: z.number().int(),
    }),
  })
  .openapi("RoomType");

export const PropertySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    property_type: z.enum(PROPERTY_TYPES),
    stars: z.number().int(),
    status: z.enum(PROPERTY_STATUSES),
    city_code: z.string(),
    address: z.string(),
    location: z.object({ lat: z.number(), lon: z.number() }),
    distance_m: z.number().int(),
    amenities: z.array(z.enum(AMENITIES)),
    check_in_from: z.string(),
    check_out_until: z.string(),
    photos: z.array(z.string()),
    policies: z.string(),
    currency: z.string(),
    timezone: z.string(),
    room_types: z.array(RoomTypeSchema),
    updated_at: z.string(),
  })
  .openapi("Property");

export const CalendarQuerySchema = z.object({
  room_type_id: z.string().min(1).max(80).openapi({ example: "rt_1l47at61wnrqkw" }),
  from: z.iso.date().openapi({ description: "First night, local date at the property" }),
  to: z.iso.date().openapi({ description: `Last night, inclusive; at most ${STAY_LIMITS.maxCalendarNights} nights` }),
});

export const CalendarResponseSchema = z
  .object({
    data: z.array(
      z.object({
        date: z.string(),
        available: z.boolean().openapi({ description: "Open with at least one room left" }),
        rooms_left: z.number().int().openapi({ description: "Advisory: only a hold decides" }),
        price: MoneySchema,
        closed: z.boolean(),
        closed_to_arrival: z.boolean(),
        min_stay: z.number().int(),
      }),
    ),
    meta: z.object({
      property_id: z.string(),
      room_type_id: z.string(),
      room_type_name: z.string(),
      room_count: z.number().int(),
      from: z.string(),
      to: z.string(),
      timezone: z.string(),
    }),
  })
  .openapi("StayCalendar");

export { WEEKDAYS };
