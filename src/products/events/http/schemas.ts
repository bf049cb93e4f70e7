import { z } from "@hono/zod-openapi";
import { FreshnessSchema, MoneySchema, PageLinksSchema, queryInteger } from "../../../api/schemas";
import { EVENT_CATEGORIES, EVENT_STATUSES, VENUE_KINDS } from "../model";
import { MAX_QUERY_CHARS } from "../search/match";
import { EVENT_SEARCH_LIMITS, EVENT_SORTS } from "../search/types";

const categoryList = z
  .string()
  .transform((text, ctx) => {
    const names = text.split(",").map((c) => c.trim().toLowerCase());
    const unknown = names.find((c) => !(EVENT_CATEGORIES as readonly string[]).includes(c));
    if (unknown !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `Unknown category '${unknown.slice(0, 40)}'; use one or more of ${EVENT_CATEGORIES.join(", ")}, comma-separated`,
      });
      return z.NEVER;
    }
    return [...new Set(names)] as (typeof EVENT_CATEGORIES)[number][];
  })
  .openapi({
    type: "string",
    description: `Comma-separated: ${EVENT_CATEGORIES.join(",")}`,
    example: "concert,theatre",
  });

export const EventSearchQuery = z.object({
  place: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{3,5}$/, "Use a 3-letter city code, or an airport or station code of the city")
    .transform((s) => s.toUpperCase())
    .openapi({ description: "City code (or a place code of the city)", example: "LON" }),
  from: z.iso
    .date()
    .optional()
    .openapi({ description: "First local date; default today at the place", example: "2026-12-04" }),
  to: z.iso.date().optional().openapi({
    description: "Last local date, inclusive; default a week from `from`; 31 days at most",
    example: "2026-12-06",
  }),
  category: categoryList.optional(),
  q: z.string().max(MAX_QUERY_CHARS).optional().openapi({
    description: "Words of the name, performers or venue; the last word may be a prefix",
    example: "hamlet",
  }),
  sort: z.enum(EVENT_SORTS).default("date"),
  limit: queryInteger({ min: 1, max: EVENT_SEARCH_LIMITS.maxPageSize })
    .default(EVENT_SEARCH_LIMITS.defaultPageSize)
    .openapi({ default: EVENT_SEARCH_LIMITS.defaultPageSize }),
  cursor: z.string().max(512).optional().openapi({ description: "From meta.next_cursor of the previous page" }),
});

/** Query fields with a code of their own; the rest fail as VALIDATION_FAILED. */
export const EVENT_SEARCH_FIELD_CODES = {
  sort: "INVALID_SORT",
  cursor: "INVALID_CURSOR",
  category: "INVALID_CATEGORY",
} as const;

const SalesSchema = z
  .object({
    status: z.enum(["not_open", "open", "closed"]),
    opens_at: z.string().openapi({ description: "UTC, ISO 8601" }),
    closes_at: z.string(),
  })
  .openapi("SalesWindow");

const timeFields = {
  local_date: z.string().openapi({ description: "The date at the venue" }),
  timezone: z.string(),
  starts_at: z.string().openapi({ description: "UTC, ISO 8601" }),
  starts_at_local: z.string().openapi({ description: "Local time at the venue with its offset" }),
  ends_at: z.string(),
  ends_at_local: z.string(),
};

export const EventCardSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.enum(EVENT_CATEGORIES),
    performers: z.array(z.string()).openapi({ description: "Performers, teams, guides or hosts" }),
    venue: z.object({ id: z.string(), name: z.string(), kind: z.enum(VENUE_KINDS) }),
    city_code: z.string(),
    ...timeFields,
    price_from: MoneySchema,
    remaining: z.number().int().openapi({ description: "Advisory: only a hold decides" }),
    sold_out: z.boolean(),
    sales: SalesSchema,
    popularity: z.number().int().openapi({ description: "0–100" }),
  })
  .openapi("EventCard");

const ServedCounts = z
  .object({
    memory: z.number().int().optional(),
    kv: z.number().int().optional(),
    redis: z.number().int().optional(),
    origin: z.number().int().optional(),
  })
  .openapi({ description: "How many cached entries (one per day, plus the text matches) each tier served" });

export const EventSearchResponse = z
  .object({
    data: z.array(EventCardSchema),
    meta: z.object({
      count: z.number().int(),
      total: z.number().int(),
      next_cursor: z.string().nullable(),
      place: z.object({
        code: z.string(),
        type: z.enum(["city", "place"]),
        city_code: z.string(),
        city_name: z.string(),
        timezone: z.string(),
      }),
      from: z.string(),
      to: z.string(),
      ...FreshnessSchema,
      cache: ServedCounts,
    }),
    links: PageLinksSchema,
  })
  .openapi("EventSearchResponse");

export const EventIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: "id", in: "path" }, example: "evt_0a1b2c3d4e5f6g" }),
});

const RefundPolicySchema = z
  .object({
    refundable: z.boolean(),
    rules: z.array(
      z.object({
        until: z.string().openapi({ description: "Cancel before this instant (UTC) for this refund" }),
        hours_before: z.number().int(),
        refund_bps: z.number().int().openapi({ description: "Basis points of the price: 10000 is all of it" }),
      }),
    ),
    summary: z.string(),
  })
  .openapi("RefundPolicy");

export const TicketTierSchema = z
  .object({
    id: z.string().openapi({ example: "tier_ga" }),
    name: z.string(),
    price: MoneySchema,
    capacity: z.number().int(),
    remaining: z.number().int().openapi({ description: "Advisory: only a hold decides" }),
    sold_out: z.boolean(),
    max_per_order: z.number().int(),
    sales: SalesSchema,
    refund_policy: RefundPolicySchema,
  })
  .openapi("TicketTier");

export const EventSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.enum(EVENT_CATEGORIES),
    status: z.enum(EVENT_STATUSES),
    description: z.string(),
    performers: z.array(z.string()),
    venue: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(VENUE_KINDS),
      address: z.string(),
      city_code: z.string(),
      city_name: z.string(),
      country: z.string(),
      lat: z.number(),
      lon: z.number(),
      capacity: z.number().int(),
    }),
    ...timeFields,
    doors_open_at_local: z
      .string()
      .nullable()
      .openapi({ description: "When the doors open, local time with its offset; null when not announced" }),
    currency: z.string(),
    sales: SalesSchema,
    popularity: z.number().int(),
    tiers: z.array(TicketTierSchema),
    updated_at: z.string(),
  })
  .openapi("Event");
