import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import { access } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { pageLinks } from "../../api/page";
import { ProblemError } from "../../api/problem";
import { MoneySchema, PageLinksSchema, problemResponses, queryInteger } from "../../api/schemas";
import { validationHookWith } from "../../api/validation-hook";
import { listBookingsForOperator } from "../../bookings/admin-list";
import type { BookingRow } from "../../bookings/store";
import { BOOKING_STATUSES, PAYMENT_STATES } from "../../db/schema";
import { productListingMembers, productListingShapes } from "../booking-fields";
import { bookingLinks } from "../schemas/bookings";

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

const OperatorBookingSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.enum(BOOKING_STATUSES),
    payment_state: z.enum(PAYMENT_STATES),
    unit_ids: z.array(z.string()).openapi({ description: "The units of its items, in booking order" }),
    ...productListingShapes(),
    contact_email: z.string(),
    total_price: MoneySchema,
    hold_expires_at: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    links: z.object({ self: z.string(), cancel: z.string() }),
  })
  .openapi("OperatorBooking");

const ListQuery = z.object({
  status: z.enum(BOOKING_STATUSES),
  payment_state: z.enum(PAYMENT_STATES).optional(),
  limit: queryInteger({ min: 1, max: 100 }).default(20).openapi({ default: 20 }),
  cursor: z.string().max(512).optional().openapi({ description: "From meta.next_cursor of the previous page" }),
});

const listRoute = createRoute({
  method: "get",
  path: "/v1/admin/bookings",
  operationId: "listOperatorBookings",
  tags: ["admin"],
  summary: "Bookings in one status (and payment state), latest deadline first",
  description:
    "For operators: `status=payment_failed&payment_state=unknown` lists the bookings the stuck rule closed " +
    "without an answer from the provider; `status=pending_payment` the ones still waiting.",
  middleware: [rateLimit("lookup"), access.role("admin")] as const,
  request: { query: ListQuery },
  responses: {
    200: {
      description: "One page of bookings",
      content: {
        "application/json": {
          schema: z.object({
            data: z.array(OperatorBookingSchema),
            meta: z.object({ count: z.number().int(), next_cursor: z.string().nullable() }),
            links: PageLinksSchema,
          }),
        },
      },
    },
    ...problemResponses(400),
  },
});

export function registerAdminBookingRoutes(app: App): void {
  app.openapi(
    listRoute,
    async (c) => {
      const query = c.req.valid("query");
      const result = await listBookingsForOperator({
        deps: { db: c.var.services.db },
        input: { status: query.status, paymentState: query.payment_state, limit: query.limit, cursor: query.cursor },
      });
      if (!result.ok) throw new ProblemError(result.error);
      return c.json(
        {
          data: result.value.items.map(present),
          meta: { count: result.value.items.length, next_cursor: result.value.nextCursor },
          links: pageLinks(result.value.nextCursor, new URL(c.req.url)),
        },
        200,
      );
    },
    validationHookWith({ cursor: "INVALID_CURSOR" }),
  );
}

function present(b: BookingRow & { unitIds: string[] }): z.infer<typeof OperatorBookingSchema> {
  return {
    id: b.id,
    reference: b.reference,
    status: b.status,
    payment_state: b.paymentState,
    unit_ids: b.unitIds,
    ...productListingMembers(b.unitIds),
    contact_email: b.contactEmail,
    total_price: { amount_minor: b.totalMinor, currency: b.currency },
    hold_expires_at: iso(b.holdExpiresAt),
    created_at: iso(b.createdAt),
    updated_at: iso(b.updatedAt),
    links: bookingLinks(b.reference),
  };
}
