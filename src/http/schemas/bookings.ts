import { z } from "@hono/zod-openapi";
import { MoneySchema, nullableRef } from "../../api/schemas";
import type { BookingDetails } from "../../bookings/lookup";
import type { BookingRow } from "../../bookings/store";
import { BOOKING_STATUSES, CABINS, PAYMENT_STATES } from "../../db/schema";
import { foldCompact } from "../../lib/fold";

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
  .refine((b) => (b.hold_id === undefined) !== (b.hold_ids === undefined), {
    message: "send hold_id or hold_ids, not both",
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

export const BookingSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.enum(BOOKING_STATUSES),
    departure_id: z.string(),
    cabin: z.enum(CABINS),
    seats: z.number().int(),
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
  const refund = d.payments.find((p) => p.kind === "refund" && p.status === "succeeded");
  return {
    id: booking.id,
    reference: booking.reference,
    status: booking.status,
    departure_id: booking.departureId,
    cabin: booking.cabin,
    seats: booking.seats,
    passengers: d.passengers.map((p) => ({
      given_name: p.givenName,
      family_name: p.familyName,
      birth_date: p.birthDate,
    })),
    total_price: { amount_minor: booking.totalMinor, currency: booking.currency },
    payment: {
      method: booking.paymentMethod,
      state: booking.paymentState,
      refunded: refund ? { amount_minor: refund.amountMinor, currency: refund.currency } : null,
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
