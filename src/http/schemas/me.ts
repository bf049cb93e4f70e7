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
