import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import { access, organiserOrAdmin } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { pageLinks } from "../../api/page";
import { ProblemError, valueOrProblem } from "../../api/problem";
import { MoneySchema, PageLinksSchema, problemResponses, queryInteger } from "../../api/schemas";
import { validationHookWith } from "../../api/validation-hook";
import { BOOKING_STATUSES, PAYMENT_STATES } from "../../db/schema";
import { listUnitBookings, unitBooking } from "../../organiser/unit-bookings";
import { listUnits, type UnitCatalogue } from "../../organiser/units";
import { PRODUCTS } from "../../products/registry";
import { BookingSchema, ReferenceParams, toBookingBody } from "../schemas/bookings";

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();
const PRODUCT_IDS = PRODUCTS.map((p) => p.id) as [string, ...string[]];

const UnitsQuery = z.object({
  product: z.enum(PRODUCT_IDS).openapi({ description: "Which product's units" }),
  limit: queryInteger({ min: 1, max: 100 }).default(25).openapi({ default: 25 }),
  cursor: z.string().max(512).optional().openapi({ description: "From links.next of the previous page" }),
});

const UnitSchema = z
  .object({
    id: z.string().openapi({ example: "evt_lis_fado_0001" }),
    product: z.string(),
    title: z.string(),
    starts_at: z.string().nullable().openapi({ description: "When it happens; null for a property" }),
    status: z.string().openapi({ description: "The product's status word; `unknown` if the product lost the unit" }),
  })
  .openapi("OrganiserUnit");

const unitsRoute = createRoute({
  method: "get",
  path: "/v1/organiser/units",
  operationId: "listOrganiserUnits",
  tags: ["organisers"],
  summary: "The departures, properties or events the caller runs (an admin: all of them), in id order",
  middleware: [rateLimit("lookup"), access.organiser()] as const,
  request: { query: UnitsQuery },
  responses: {
    200: {
      description: "One page of units",
      content: {
        "application/json": {
          schema: z.object({
            data: z.array(UnitSchema),
            meta: z.object({ scope: z.enum(["own", "all"]), next_cursor: z.string().nullable() }),
            links: PageLinksSchema,
          }),
        },
      },
    },
    ...problemResponses(400),
  },
});

const UnitParams = z.object({
  unit_id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: "unit_id", in: "path" }, example: "evt_lis_fado_0001" }),
});

const UnitBookingSchema = z
  .object({
    reference: z.string(),
    status: z.enum(BOOKING_STATUSES),
    payment_state: z.enum(PAYMENT_STATES),
    item: z.object({
      id: z.string(),
      status: z.enum(["active", "cancelled"]),
      quantity: z.number().int(),
      total_price: MoneySchema,
    }),
    total_price: MoneySchema.openapi({ description: "The whole booking, every item" }),
    contact_email: z.string(),
    created_at: z.string(),
    links: z.object({ self: z.string() }),
  })
  .openapi("UnitBooking");

const bookingsRoute = createRoute({
  method: "get",
  path: "/v1/organiser/units/{unit_id}/bookings",
  operationId: "listUnitBookings",
  tags: ["organisers"],
  summary: "Bookings with an item on one unit, newest first (the unit's organiser, or an admin)",
  middleware: [rateLimit("lookup"), access.inventory((c) => [c.req.param("unit_id") ?? ""])] as const,
  request: {
    params: UnitParams,
    query: z.object({
      limit: queryInteger({ min: 1, max: 100 }).default(25).openapi({ default: 25 }),
      cursor: z.string().max(512).optional().openapi({ description: "From links.next of the previous page" }),
    }),
  },
  responses: {
    200: {
      description: "One page of bookings",
      content: {
        "application/json": {
          schema: z.object({
            data: z.array(UnitBookingSchema),
            meta: z.object({ unit_id: z.string(), next_cursor: z.string().nullable() }),
            links: PageLinksSchema,
          }),
        },
      },
    },
    ...problemResponses(400),
  },
});

const bookingRoute = createRoute({
  method: "get",
  path: "/v1/organiser/units/{unit_id}/bookings/{reference}",
  operationId: "getUnitBooking",
  tags: ["organisers"],
  summary: "One booking of the unit with its travellers, items and timeline",
  middleware: [rateLimit("lookup"), access.inventory((c) => [c.req.param("unit_id") ?? ""])] as const,
  request: { params: UnitParams.extend(ReferenceParams.shape) },
  responses: {
    200: { description: "The booking", content: { "application/json": { schema: BookingSchema } } },
    ...problemResponses(404),
  },
});

export function registerOrganiserInventoryRoutes(app: App): void {
  app.openapi(
    unitsRoute,
    async (c) => {
      const query = c.req.valid("query");
      const caller = await organiserOrAdmin(c);
      const product = PRODUCTS.find((p) => p.id === query.product);
      if (!product) throw ProblemError.of("VALIDATION_FAILED", "Unknown product.");
      const admin = caller.role === "admin";
      const { db } = c.var.services;
      const list = product.listUnits;
      const catalogue: UnitCatalogue = {
        product: product.id,
        idPrefix: product.idPrefix,
        ...(list ? { list: (input) => list({ db }, input) } : {}),
      };
      const page = valueOrProblem(
        await listUnits({
          deps: { db, catalogue },
          input: { ownerId: admin ? null : caller.accountId, limit: query.limit, cursor: query.cursor },
        }),
      );
      c.header("Cache-Control", "private, no-store");
      return c.json(
        {
          data: page.units.map((u) => ({
            id: u.id,
            product: product.id,
            title: u.title,
            starts_at: u.startsAt === null ? null : iso(u.startsAt),
            status: u.status,
          })),
          meta: { scope: admin ? ("all" as const) : ("own" as const), next_cursor: page.nextCursor },
          links: pageLinks(page.nextCursor, new URL(c.req.url)),
        },
        200,
      );
    },
    validationHookWith({ cursor: "INVALID_CURSOR" }),
  );

  app.openapi(
    bookingsRoute,
    async (c) => {
      const { unit_id: unitId } = c.req.valid("param");
      const query = c.req.valid("query");
      const page = valueOrProblem(
        await listUnitBookings({
          deps: { db: c.var.services.db },
          input: { unitId, limit: query.limit, cursor: query.cursor },
        }),
      );
      c.header("Cache-Control", "private, no-store");
      return c.json(
        {
          data: page.bookings.map(({ booking: b, item }) => ({
            reference: b.reference,
            status: b.status,
            payment_state: b.paymentState,
            item: {
              id: item.id,
              status: item.status,
              quantity: item.quantity,
              total_price: { amount_minor: item.totalMinor, currency: item.currency },
            },
            total_price: { amount_minor: b.totalMinor, currency: b.currency },
            contact_email: b.contactEmail,
            created_at: iso(b.createdAt),
            links: { self: `/v1/organiser/units/${encodeURIComponent(unitId)}/bookings/${b.reference}` },
          })),
          meta: { unit_id: unitId, next_cursor: page.nextCursor },
          links: pageLinks(page.nextCursor, new URL(c.req.url)),
        },
        200,
      );
    },
    validationHookWith({ cursor: "INVALID_CURSOR" }),
  );

  app.openapi(bookingRoute, async (c) => {
    const { unit_id: unitId, reference } = c.req.valid("param");
    const details = valueOrProblem(
      await unitBooking({ deps: { db: c.var.services.db }, input: { unitId, reference } }),
    );
    c.header("Cache-Control", "private, no-store");
    return c.json(toBookingBody(details), 200);
  });
}
