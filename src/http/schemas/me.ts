import { z } from "@hono/zod-openapi";
import type { BookingItemRow } from "../../accounts/my-bookings";
import { MoneySchema } from "../../api/schemas";
import type { BookingRow } from "../../bookings/store";
import { BOOKING_STATUSES } from "../../db/schema";

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

const MyBookingItem = z.object({
  product: z.string(),
  unit_id: z.string(),
  title: z.string(),
  status: z.enum(["active", "cancelled"]),
  quantity: z.number().int(),
  starts_at: z.string(),
  ends_at: z.string().nullable(),
  timezone: z.string(),
});

export const MyBookingSummary = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.enum(BOOKING_STATUSES),
    total_price: MoneySchema,
    created_at: z.string(),
    items: z.array(MyBookingItem),
    links: z.object({ self: z.string() }),
  })
  .openapi("MyBookingSummary");

/** The item's title comes from the snapshot its product wrote at booking time. */
function titleOf(item: BookingItemRow): string {
  try {
    const snapshot = JSON.parse(item.snapshot) as { title?: unknown };
    return typeof snapshot.title === "string" ? snapshot.title : item.unitId;
  } catch {
    return item.unitId;
  }
}

export function toMyBookingSummary(booking: BookingRow, items: BookingItemRow[]): z.infer<typeof MyBookingSummary> {
  return {
    id: booking.id,
    reference: booking.reference,
    status: booking.status,
    total_price: { amount_minor: booking.totalMinor, currency: booking.currency },
    created_at: iso(booking.createdAt),
    items: items.map((item) => ({
      product: item.product,
      unit_id: item.unitId,
      title: titleOf(item),
      status: item.status,
      quantity: item.quantity,
      starts_at: iso(item.startsAt),
      ends_at: item.endsAt === null ? null : iso(item.endsAt),
      timezone: item.timezone,
    })),
    links: { self: `/v1/me/bookings/${booking.reference}` },
  };
}

const at = z.string().nullable();
const Json = z.record(z.string(), z.unknown());

/** `GET /v1/me/export`: mirrors exportAccount (src/accounts/export.ts); secrets are never in it. */
export const AccountExportSchema = z
  .object({
    account: z.object({ id: z.string(), email: z.string(), role: z.string(), created_at: at }),
    inventory_owned: z.array(z.string()),
    trips: z.array(z.object({ id: z.string(), created_at: z.string().nullable() })),
    sessions: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(["cookie", "bearer"]),
        user_agent: z.string().nullable(),
        created_at: at,
        last_seen_at: at,
        expires_at: at,
      }),
    ),
    api_keys: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        prefix: z.string(),
        scopes: z.array(z.string()),
        rate_limit_per_minute: z.number().int().nullable(),
        created_at: at,
        last_used_at: at,
        expires_at: at,
        revoked_at: at,
      }),
    ),
    passkeys: z.array(
      z.object({
        id: z.string(),
        public_key: Json.openapi({ description: "The credential's public key as a JWK" }),
        counter: z.number().int(),
        created_at: at,
        last_used_at: at,
      }),
    ),
    bookings: z.array(
      z.object({
        id: z.string(),
        reference: z.string(),
        status: z.enum(BOOKING_STATUSES),
        total_price: MoneySchema,
        contact_email: z.string(),
        payment_method: z.string(),
        payment_state: z.string(),
        created_at: at,
        updated_at: at,
        personal_data_erased_at: at,
        items: z.array(
          z.object({
            id: z.string(),
            product: z.string(),
            unit_id: z.string(),
            status: z.enum(["active", "cancelled"]),
            quantity: z.number().int(),
            total_price: MoneySchema,
            starts_at: at,
            ends_at: at,
            timezone: z.string(),
            snapshot: Json,
          }),
        ),
        travellers: z.array(
          z.object({ given_name: z.string(), family_name: z.string(), birth_date: z.string().nullable() }),
        ),
        payments: z.array(
          z.object({
            id: z.string(),
            kind: z.enum(["charge", "refund"]),
            status: z.string(),
            amount: MoneySchema,
            provider: z.string(),
            created_at: at,
          }),
        ),
        timeline: z.array(z.object({ kind: z.string(), at, detail: Json })),
      }),
    ),
    emails: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        to: z.string(),
        subject: z.string(),
        text: z.string().nullable().openapi({ description: "null for sign-in emails: their link is a credential" }),
        status: z.enum(["pending", "sent", "failed"]),
        booking_id: z.string().nullable(),
        created_at: at,
        sent_at: at,
      }),
    ),
  })
  .openapi("AccountExport");
