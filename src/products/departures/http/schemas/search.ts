import { z } from "@hono/zod-openapi";
import { FreshnessSchema, MoneySchema, PageLinksSchema, queryInteger } from "../../../../api/schemas";
import { SEARCH_LIMITS } from "../../../../config";
import { CABINS, TRANSPORT_MODES } from "../../schema";
import { SORT_ORDERS } from "../../search/types";

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{3,5}$/, "Use a 3-letter airport or city code or a 5-character station code")
  .transform((s) => s.toUpperCase());

const modesList = z
  .string()
  .transform((s) => s.split(",").map((m) => m.trim().toLowerCase()))
  .pipe(z.array(z.enum(TRANSPORT_MODES)).min(1).max(TRANSPORT_MODES.length))
  .openapi({ type: "string", description: "Comma-separated: flight,rail,bus,ferry", example: "rail,bus" });

export const SearchQuerySchema = z.object({
  origin: code.openapi({ description: "Place or city code", example: "LON" }),
  destination: code.openapi({ description: "Place or city code", example: "PAR" }),
  date: z.iso.date().openapi({ description: "Local date of departure at the origin", example: "2026-12-01" }),
  passengers: queryInteger({ min: 1, max: SEARCH_LIMITS.maxPassengers })
    .default(1)
    .openapi({ description: "1 to 9", default: 1 }),
  cabin: z.enum(CABINS).optional(),
  modes: modesList.optional(),
  sort: z.enum(SORT_ORDERS).default("departure"),
  limit: queryInteger({ min: 1, max: SEARCH_LIMITS.maxPageSize })
    .default(SEARCH_LIMITS.defaultPageSize)
    .openapi({ default: SEARCH_LIMITS.defaultPageSize }),
  cursor: z.string().max(512).optional().openapi({ description: "From meta.next_cursor of the previous page" }),
  max_connections: z
    .enum(["0", "1"])
    .transform((v) => (v === "1" ? 1 : 0) as 0 | 1)
    .optional()
    .openapi({
      description:
        "0: direct only. 1: direct and itineraries with one connection. Absent: itineraries only when nothing direct fits.",
    }),
  return_date: z.iso.date().optional().openapi({
    description: "A round trip: the local date to travel back on (on or after `date`), answered as the `return` list",
    example: "2026-12-04",
  }),
  return_cursor: z
    .string()
    .max(512)
    .optional()
    .openapi({ description: "From return.meta.next_cursor: pages the return list" }),
});

/** Which query fields have a dedicated error code; the rest fail as VALIDATION_FAILED. */
export const SEARCH_FIELD_CODES = {
  passengers: "INVALID_PASSENGERS",
  sort: "INVALID_SORT",
  cursor: "INVALID_CURSOR",
} as const;

export const PlaceRefSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    city_code: z.string(),
    city_name: z.string(),
    timezone: z.string(),
  })
  .openapi("PlaceRef");

export const SegmentSchema = z
  .object({
    departure_id: z.string(),
    mode: z.enum(TRANSPORT_MODES),
    operator: z.string(),
    number: z.string(),
    origin: PlaceRefSchema,
    destination: PlaceRefSchema,
    departs_at: z.string().openapi({ description: "UTC, ISO 8601" }),
    departs_at_local: z.string().openapi({ description: "Local time at the origin with its offset" }),
    arrives_at: z.string(),
    arrives_at_local: z.string(),
    duration_minutes: z.number().int(),
    status: z.enum(["scheduled", "delayed", "cancelled"]),
  })
  .openapi("Segment");

export const OfferSchema = z
  .object({
    id: z.string().openapi({
      description:
        "`off_…` for a direct offer. An itinerary's id names what a trip holds: `itn_<cabin>.<departure id>.<departure id>`, segments in travel order.",
      example: "itn_economy.dep_0jugb5p1nha7o1.dep_1x9kq0c2m4b7zz",
    }),
    departure_id: z.string().nullable().openapi({
      description:
        "The departure to hold for a direct offer; null for an itinerary (its segments name its departures).",
    }),
    fare_class: z.enum(CABINS).openapi({ description: "The cabin of every segment" }),
    segments: z.array(SegmentSchema).min(1).max(2).openapi({ description: "In travel order" }),
    departs_at: z.string().openapi({ description: "When the first segment leaves (UTC)" }),
    arrives_at: z.string().openapi({ description: "When the last segment arrives (UTC)" }),
    duration_minutes: z.number().int().openapi({ description: "From the first departure to the last arrival" }),
    price: z
      .object({ per_passenger: MoneySchema, total: MoneySchema, passengers: z.number().int() })
      .openapi({ description: "For the whole itinerary: the sum of its segments' fares in its cabin" }),
    seats_left: z.number().int().openapi({ description: "Advisory, the fewest of any segment: only a hold decides" }),
    connections: z
      .union([z.literal(0), z.literal(1)])
      .openapi({ description: "Changes on the way: 0 direct, 1 via a hub" }),
    layover_minutes: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Time at the hub between arriving and leaving; null for a direct offer" }),
  })
  .openapi("Offer");

const LocationSchema = z.object({
  code: z.string(),
  type: z.enum(["place", "city"]),
  city_code: z.string(),
  place_codes: z.array(z.string()),
});

const ListMeta = {
  count: z.number().int(),
  total: z.number().int(),
  next_cursor: z.string().nullable(),
  origin: LocationSchema,
  destination: LocationSchema,
};

export const ReturnListSchema = z
  .object({ data: z.array(OfferSchema), meta: z.object(ListMeta), links: PageLinksSchema })
  .openapi("ReturnList", {
    description:
      "With `return_date`: the options back, destination to origin, with the same filters. Any outbound option combines with any return option; the price is their sum.",
  });

export const SearchResponseSchema = z
  .object({
    data: z.array(OfferSchema).openapi({ description: "The offers (the outbound options of a round trip)" }),
    meta: z.object({
      ...ListMeta,
      ...FreshnessSchema,
    }),
    links: PageLinksSchema,
    return: ReturnListSchema.optional(),
  })
  .openapi("SearchResponse");
