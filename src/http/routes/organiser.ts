import { createRoute, z } from "@hono/zod-openapi";
import { organiserSales, SALES_MAX_DAYS } from "../../accounts/sales";
import type { App } from "../../api/context";
import { access } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { pageLinks } from "../../api/page";
import { accountOf, principalOf } from "../../api/principal";
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

export function registerOrganiserRoutes(app: App): void {
  app.openapi(salesRoute, async (c) => {
    const query = c.req.valid("query");
    const caller = accountOf(await principalOf(c));
    if (!caller) throw ProblemError.of("FORBIDDEN", "Only an organiser (or an admin) may do this.");
    const ownerId = query.organiser_id ?? caller.accountId;
    if (ownerId !== caller.accountId && caller.role !== "admin") {
      throw ProblemError.of("FORBIDDEN", "Organisers see only their own sales.");
    }
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
}
