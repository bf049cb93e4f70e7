import { z } from "@hono/zod-openapi";
import { FreshnessSchema, MoneySchema, PageLinksSchema, queryInteger } from "../../../../api/schemas";
import { AMENITIES, PROPERTY_TYPES, STAY_LIMITS } from "../../config";
import { PRICE_BASES, STAY_SORTS } from "../../search/types";
import { csvOf, starList } from "./query-values";

const placeCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{3,5}$/, "Use a 3-letter city code or a place code")
  .transform((s) => s.toUpperCase());

const MAX_PRICE_MINOR = 1_000_000_000_000;

export const StaySearchQuerySchema = z
  .object({
    place: placeCode.openapi({ description: "City code, or a place code standing for its city", example: "PAR" }),
    check_in: z.iso.date().openapi({ description: "Local date at the property", example: "2026-12-04" }),
    check_out: z.iso
      .date()
      .openapi({ description: "Local date; 1 to 30 nights after check-in", example: "2026-12-06" }),
    rooms: queryInteger({ min: 1, max: STAY_LIMITS.maxRooms }).default(1),
    adults: queryInteger({ min: 1, max: 999 })
      .default(2)
      .openapi({ description: "In all rooms; at least one per room" }),
    children: queryInteger({ min: 0, max: 999 }).default(0).openapi({ description: "In all rooms" }),
    price_min: queryInteger({ min: 0, max: MAX_PRICE_MINOR })
      .optional()
      .openapi({ description: "Minor units of the city's currency" }),
    price_max: queryInteger({ min: 0, max: MAX_PRICE_MINOR })
      .optional()
      .openapi({ description: "Minor units of the city's currency" }),
    price_per: z.enum(PRICE_BASES).default("night").openapi({
      description: "What price_min and price_max bound: the stay's average per night (all rooms) or its total",
    }),
    stars: starList.optional(),
    amenities: csvOf(AMENITIES, "wifi,breakfast").optional().openapi({ description: "Every one of them" }),
    property_types: csvOf(PROPERTY_TYPES, "hotel,apartment").optional(),
    sort: z.enum(STAY_SORTS).default("price").openapi({
      description: "price: cheapest room first; stars: most stars first; distance: nearest the city centre first",
    }),
    limit: queryInteger({ min: 1, max: STAY_LIMITS.maxPageSize }).default(STAY_LIMITS.defaultPageSize),
    cursor: z.string().max(512).optional().openapi({ description: "From meta.next_cursor of the previous page" }),
  })
  .refine((q) => q.price_min === undefined || q.price_max === undefined || q.price_min <= q.price_max, {
    path: ["price_max"],
    message: "price_max must not be below price_min",
  });

/** Which query fields have a dedicated error code; the rest fail as VALIDATION_FAILED. */
export const STAY_SEARCH_FIELD_CODES = { sort: "INVALID_SORT", cursor: "INVALID_CURSOR" } as const;

const NightPriceSchema = z.object({ date: z.string(), price: MoneySchema });

export const CancellationSchema = z
  .object({
    refundable: z.boolean(),
    free_until: z.string().nullable().openapi({ description: "UTC instant free cancellation ends; null: never free" }),
    penalty_percent: z.number().int().openapi({ description: "Share of the total kept after free_until" }),
  })
  .openapi("StayCancellation");

export const RoomOfferSchema = z
  .object({
    room_type_id: z.string(),
    name: z.string(),
    max_adults: z.number().int(),
    max_children: z.number().int(),
    rooms_left: z.number().int().openapi({ description: "Fewest left on any night; advisory, only a hold decides" }),
    price: z.object({
      total: MoneySchema.openapi({ description: "All rooms, all nights" }),
      per_night: MoneySchema.openapi({ description: "The total over the nights, rounded to the minor unit" }),
      nightly: z.array(NightPriceSchema).openapi({ description: "One room, night by night" }),
      rooms: z.number().int(),
    }),
    cancellation: CancellationSchema,
  })
  .openapi("StayRoomOffer");

export const StayResultSchema = z
  .object({
    id: z.string().openapi({ example: "prp_0va61mo101zt00" }),
    name: z.string(),
    property_type: z.enum(PROPERTY_TYPES),
    stars: z.number().int(),
    address: z.string(),
    location: z.object({ lat: z.number(), lon: z.number() }),
    distance_m: z.number().int().openapi({ description: "From the city centre" }),
    amenities: z.array(z.enum(AMENITIES)),
    photo: z.string().nullable(),
    cheapest: z.object({ total: MoneySchema, per_night: MoneySchema }),
    rooms: z.array(RoomOfferSchema),
  })
  .openapi("StayResult");

export const StayPlaceSchema = z.object({
  code: z.string(),
  type: z.enum(["place", "city"]),
  city_code: z.string(),
  city_name: z.string(),
  timezone: z.string(),
  centre: z.object({ lat: z.number(), lon: z.number() }).nullable(),
});

export const StaySearchResponseSchema = z
  .object({
    data: z.array(StayResultSchema),
    meta: z.object({
      count: z.number().int(),
      total: z.number().int(),
      next_cursor: z.string().nullable(),
      place: StayPlaceSchema,
      check_in: z.string(),
      check_out: z.string(),
      nights: z.number().int(),
      rooms: z.number().int(),
      adults: z.number().int(),
      children: z.number().int(),
      ...FreshnessSchema,
    }),
    links: PageLinksSchema,
  })
  .openapi("StaySearchResponse");
