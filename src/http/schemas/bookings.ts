import { z } from "@hono/zod-openapi";
import { MoneySchema, nullableRef } from "../../api/schemas";
import type { BookingItem } from "../../bookings/items";
import type { BookingDetails } from "../../bookings/lookup";
import type { BookingRow } from "../../bookings/store";
import { BOOKING_ITEM_STATUSES, BOOKING_STATUSES, PAYMENT_STATES } from "../../db/schema";
import { foldCompact } from "../../lib/fold";
import { productBookingMembers, productBookingShapes } from "../booking-fields";

const Name = z.string().trim().min(1).max(100);
const FamilyName = Name.refine((n) => foldCompact(n).length > 0, "must contain a letter");

export const CreateBookingBody = z
  .object({
    hold_id: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ example: "hld_…", description: "One hold: the same as `hold_ids: [hold_id]`" }),
    hold_ids: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(16)
      .optional()
      .openapi({
        description:
          "One hold per item (at most 8), each on a different unit, all in one currency; one charge for the total. " +
          "Payment confirms every item or none (then the whole charge is refunded).",
      }),
    trip_id: z.string().min(1).max(200).optional().openapi({
      example: "trp_…",
      description:
        "A held trip (POST /v1/trips): one item per hold of the trip, one charge for its total, as POST /v1/trips/{id}/book",
    }),
    passengers: z
      .array(
        z.object({
          given_name: Name,
          family_name: FamilyName,
          birth_date: z.iso.date().optional(),
        }),
      )
      .min(1)
      .max(9),
    contact: z.object({ email: z.email().max(254) }),
    payment: z.object({
      method: z.literal("card"),
      token: z.string().min(1).max(255).openapi({ example: "tok_success", description: "See the sandbox tokens" }),
    }),
  })
  .refine((b) => [b.hold_id, b.hold_ids, b.trip_id].filter((x) => x !== undefined).length === 1, {
    message: "send one of hold_id, hold_ids or trip_id",
    path: ["hold_ids"],
  })
  .openapi("CreateBooking");

export const ReferenceParams = z.object({
  reference: z
    .string()
    .min(1)
    .max(32)
    .openapi({ param: { name: "reference", in: "path" }, example: "K7M4QX" }),
});

export const ItemParams = ReferenceParams.extend({
  item_id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "item_id", in: "path" }, example: "itm_…" }),
});

export const LookupQuery = z.object({
  family_name: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: "Any passenger's family name (case and accents ignored)" }),
});

export const BookmarkHeaders = z.object({
  "x-d1-bookmark": z
    .string()
    .max(512)
    .optional()
    .openapi({ description: "From a previous write: read your own writes" }),
});

const Links = z.object({ self: z.string(), cancel: z.string() });

export const CreatedBookingSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.enum(BOOKING_STATUSES),
    owner_token: z
      .string()
      .openapi({ description: "Shown once. Authorization: Bearer <owner_token> manages the booking." }),
    total_price: MoneySchema,
    hold_expires_at: z.string(),
    links: Links,
  })
  .openapi("CreatedBooking");

const BookingItemSchema = z
  .object({
    id: z.string().openapi({ example: "itm_…" }),
    product: z.string().openapi({ example: "departures" }),
    unit_id: z.string().openapi({ example: "dep_lhr_cdg_0815" }),
    title: z.string().openapi({ example: "LHR → CDG" }),
    start_label: z.string().openapi({ example: "Departs" }),
    starts_at: z.string().openapi({ description: "ISO 8601, UTC" }),
    ends_at: z.string().nullable(),
    timezone: z.string().openapi({ description: "IANA zone the item's times are read in", example: "Europe/London" }),
    location: z.string().nullable(),
    details: z.array(z.tuple([z.string(), z.string()])),
    quantity: z.number().int(),
    total_price: MoneySchema,
    status: z.enum(BOOKING_ITEM_STATUSES),
    refund: nullableRef(MoneySchema).openapi({
      description: "What this item's cancellation refunds; null while active",
    }),
    links: z.object({ cancel: z.string() }),
  })
  .openapi("BookingItem");

export const BookingSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.enum(BOOKING_STATUSES),
    // Each product's own members (optional: present on bookings with its items).
    ...productBookingShapes(),
    items: z.array(BookingItemSchema),
    passengers: z.array(
      z.object({ given_name: z.string(), family_name: z.string(), birth_date: z.string().nullable() }),
    ),
    total_price: MoneySchema,
    payment: z.object({
      method: z.string(),
      state: z.enum(PAYMENT_STATES),
      refunded: nullableRef(MoneySchema).openapi({ description: "What was refunded; null until a refund settles" }),
    }),
    hold_expires_at: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    timeline: z.array(
      z.object({
        kind: z.string(),
        at: z.string(),
        detail: z.record(z.string(), z.unknown()),
        request_id: z.string().nullable(),
      }),
    ),
    links: Links,
  })
  .openapi("Booking");

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

export function bookingLinks(reference: string) {
  return { self: `/v1/bookings/${reference}`, cancel: `/v1/bookings/${reference}/cancel` };
}

export function toCreatedBody(booking: BookingRow, ownerToken: string): z.infer<typeof CreatedBookingSchema> {
  return {
    id: booking.id,
    reference: booking.reference,
    status: booking.status,
    owner_token: ownerToken,
    total_price: { amount_minor: booking.totalMinor, currency: booking.currency },
    hold_expires_at: iso(booking.holdExpiresAt),
    links: bookingLinks(booking.reference),
  };
}

export function toBookingBody(d: BookingDetails): z.infer<typeof BookingSchema> {
  const { booking } = d;
  const refunds = d.payments.filter((p) => p.kind === "refund" && p.status === "succeeded");
  const refunded = refunds.reduce((sum, p) => sum + p.amountMinor, 0);
  return {
    id: booking.id,
    reference: booking.reference,
    status: booking.status,
    ...productBookingMembers(d.items),
    items: d.items.map((item) => toItemBody(booking.reference, item)),
    passengers: d.passengers.map((p) => ({
      given_name: p.givenName,
      family_name: p.familyName,
      birth_date: p.birthDate,
    })),
    total_price: { amount_minor: booking.totalMinor, currency: booking.currency },
    payment: {
      method: booking.paymentMethod,
      state: booking.paymentState,
      refunded: refunds.length > 0 ? { amount_minor: refunded, currency: booking.currency } : null,
    },
    hold_expires_at: iso(booking.holdExpiresAt),
    created_at: iso(booking.createdAt),
    updated_at: iso(booking.updatedAt),
    timeline: d.events.map((e) => ({
      kind: e.kind,
      at: iso(e.at),
      detail: JSON.parse(e.detail) as Record<string, unknown>,
      request_id: e.requestId,
    })),
    links: bookingLinks(booking.reference),
  };
}

function toItemBody(reference: string, item: BookingItem): z.infer<typeof BookingItemSchema> {
  return {
    id: item.id,
    product: item.product,
    unit_id: item.unitId,
    title: item.snapshot.title,
    start_label: item.snapshot.startLabel,
    starts_at: iso(item.startsAt),
    ends_at: item.endsAt === null ? null : iso(item.endsAt),
    timezone: item.timezone,
    location: item.snapshot.location,
    details: item.snapshot.details,
    quantity: item.quantity,
    total_price: { amount_minor: item.totalMinor, currency: item.currency },
    status: item.status,
    refund: item.status === "cancelled" ? { amount_minor: item.refundMinor ?? 0, currency: item.currency } : null,
    links: { cancel: `/v1/bookings/${reference}/items/${item.id}/cancel` },
  };
}
