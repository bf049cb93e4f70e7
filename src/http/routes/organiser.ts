import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { organiserSales, SALES_MAX_DAYS } from "../../accounts/sales";
import { organiserPoolSales } from "../../accounts/sales-pools";
import type { App, HttpEnv } from "../../api/context";
import { access, organiserOrAdmin } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { pageLinks } from "../../api/page";
import { ProblemError, valueOrProblem } from "../../api/problem";
import { PageLinksSchema, queryInteger } from "../../api/schemas";

const SalesQuery = z.object({
  from: z.iso.date().openapi({ description: "First UTC day of sale (inclusive)", example: "2026-11-01" }),
  to: z.iso.date().openapi({ description: `Last UTC day of sale (inclusive); at most ${SALES_MAX_DAYS} days` }),
  organiser_id: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: "Admins only: whose sales (default: the caller's own)" }),
  limit: queryInteger({ min: 1, max: 200 }).optional(),
  cursor: z.string().max(512).optional(),
});

const SalesRowSchema = z
  .object({
    unit_id: z.string(),
    product: z.string(),
    day: z.string().openapi({ description: "UTC day the bookings were made" }),
    currency: z.string().length(3),
    bookings: z.number().int().openapi({ description: "Confirmed bookings with an active item on the unit" }),
    quantity: z.number().int().openapi({ description: "Seats, rooms or tickets sold in them" }),
    revenue_minor: z.number().int(),
    cancelled_items: z.number().int().openapi({ description: "Items cancelled after payment" }),
    refunded_minor: z.number().int(),
  })
  .openapi("SalesRow");

const salesRoute = createRoute({
  method: "get",
  path: "/v1/organiser/sales",
  operationId: "organiserSales",
  tags: ["organisers"],
  summary: "Bookings and revenue per owned unit and day of sale",
  description:
    `Only the units the organiser owns (inventory owners), over at most ${SALES_MAX_DAYS} days; ` +
    "rows per unit, UTC day and currency, in that order, with a cursor.",
  middleware: [rateLimit("lookup"), access.organiser()] as const,
  request: { query: SalesQuery },
  responses: {
    200: {
      description: "A page of sales rows",
      content: {
        "application/json": {
          schema: z.object({
            data: z.array(SalesRowSchema),
            meta: z.object({ organiser_id: z.string(), from: z.string(), to: z.string() }),
            links: PageLinksSchema,
          }),
        },
      },
    },
  },
});

const PoolSalesRowSchema = z
  .object({
    unit_id: z.string(),
    product: z.string(),
    pool: z.string().openapi({ description: "Fare class, room type (its nights together) or ticket tier" }),
    label: z.string().openapi({ example: "Business" }),
    day: z.string().openapi({ description: "UTC day the bookings were made" }),
    currency: z.string().length(3),
    bookings: z.number().int().openapi({ description: "Confirmed bookings with an active item holding the pool" }),
    quantity: z.number().int().openapi({ description: "Seats, room-nights or tickets of the pool sold in them" }),
    revenue_minor: z.number().int().openapi({ description: "Their price, as locked in the hold lines" }),
    cancelled_quantity: z.number().int().openapi({ description: "Of the pool, in items cancelled after payment" }),
  })
  .openapi("PoolSalesRow");

const salesByPoolRoute = createRoute({
  method: "get",
  path: "/v1/organiser/sales/by-pool",
  operationId: "organiserSalesByPool",
  tags: ["organisers"],
  summary: "Seats, rooms and tickets sold per pool (fare class, room type, tier) and day of sale",
  description:
    "The same units, days and paid bookings as `GET /v1/organiser/sales`, one row per unit, pool, UTC day and " +
    "currency, read from each booking item's locked hold lines (refunds are per item: see /v1/organiser/sales).",
  middleware: [rateLimit("lookup"), access.organiser()] as const,
  request: { query: SalesQuery },
  responses: {
    200: {
      description: "A page of rows per pool",
      content: {
        "application/json": {
          schema: z.object({
            data: z.array(PoolSalesRowSchema),
            meta: z.object({ organiser_id: z.string(), from: z.string(), to: z.string() }),
            links: PageLinksSchema,
          }),
        },
      },
    },
  },
});

/** Whose sales: the caller's own, or (admins only) `organiser_id`'s. */
async function salesOwner(c: Context<HttpEnv>, organiserId: string | undefined): Promise<string> {
  const caller = await organiserOrAdmin(c);
  const ownerId = organiserId ?? caller.accountId;
  if (ownerId !== caller.accountId && caller.role !== "admin") {
    throw ProblemError.of("FORBIDDEN", "Organisers see only their own sales.");
  }
  return ownerId;
}

export function registerOrganiserRoutes(app: App): void {
  app.openapi(salesRoute, async (c) => {
    const query = c.req.valid("query");
    const ownerId = await salesOwner(c, query.organiser_id);
    const page = valueOrProblem(
      await organiserSales({
        deps: { db: c.var.services.db },
        input: { ownerId, from: query.from, to: query.to, cursor: query.cursor, limit: query.limit ?? 100 },
      }),
    );
    c.header("Cache-Control", "private, no-store");
    return c.json(
      {
        data: page.rows.map((r) => ({
          unit_id: r.unitId,
          product: r.product,
          day: r.day,
          currency: r.currency,
          bookings: r.bookings,
          quantity: r.quantity,
          revenue_minor: r.revenueMinor,
          cancelled_items: r.cancelledItems,
          refunded_minor: r.refundedMinor,
        })),
        meta: { organiser_id: ownerId, from: query.from, to: query.to },
        links: pageLinks(page.nextCursor, new URL(c.req.url)),
      },
      200,
    );
  });

  app.openapi(salesByPoolRoute, async (c) => {
    const query = c.req.valid("query");
    const ownerId = await salesOwner(c, query.organiser_id);
    const page = valueOrProblem(
      await organiserPoolSales({
        deps: { db: c.var.services.db },
        input: { ownerId, from: query.from, to: query.to, cursor: query.cursor, limit: query.limit ?? 100 },
      }),
    );
    c.header("Cache-Control", "private, no-store");
    return c.json(
      {
        data: page.rows.map((r) => ({
          unit_id: r.unitId,
          product: r.product,
          pool: r.pool,
          label: r.label,
          day: r.day,
          currency: r.currency,
          bookings: r.bookings,
          quantity: r.quantity,
          revenue_minor: r.revenueMinor,
          cancelled_quantity: r.cancelledQuantity,
        })),
        meta: { organiser_id: ownerId, from: query.from, to: query.to },
        links: pageLinks(page.nextCursor, new URL(c.req.url)),
      },
      200,
    );
  });
}
