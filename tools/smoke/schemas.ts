/**
 * The parts of edgefare's answers the smoke run relies on. Deliberately loose (unknown fields
 * pass): a change of shape that matters here fails the run with the body that surprised it.
 */
import { z } from "zod";

const Money = z.object({ amount_minor: z.number().int(), currency: z.string() });

export const Health = z.object({
  status: z.string(),
  bindings: z.record(z.string(), z.object({ status: z.string() })),
});

export const Offer = z.object({
  id: z.string(),
  departure_id: z.string(),
  fare_class: z.string(),
  departs_at: z.string(),
  seats_left: z.number().int(),
  price: z.object({ total: Money }),
});
export type Offer = z.infer<typeof Offer>;

export const SearchPage = z.object({
  data: z.array(Offer),
  meta: z.object({ total: z.number().int(), tier: z.string(), as_of: z.string(), stale: z.boolean() }),
});
export type SearchPage = z.infer<typeof SearchPage>;

export const Departure = z.object({
  id: z.string(),
  fares: z.array(z.object({ cabin: z.string(), capacity: z.number().int(), seats_available: z.number().int() })),
});

export const Hold = z.object({
  id: z.string(),
  departure_id: z.string(),
  seats: z.number().int(),
  status: z.string(),
  expires_at: z.string(),
  total_price: Money,
});
export type Hold = z.infer<typeof Hold>;

export const CreatedBooking = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  owner_token: z.string(),
  total_price: Money,
});
export type CreatedBooking = z.infer<typeof CreatedBooking>;

export const Booking = z.object({
  reference: z.string(),
  status: z.string(),
  /** One per hold booked, whatever the product (a departure's seats are its item's quantity). */
  items: z.array(z.object({ product: z.string(), unit_id: z.string(), status: z.string() })).min(1),
  total_price: Money,
  payment: z.object({ state: z.string(), refunded: Money.nullable() }),
  timeline: z.array(z.object({ kind: z.string(), at: z.string() })),
});
export type Booking = z.infer<typeof Booking>;

export const CronOutcome = z.object({ outcome: z.string() });

/** A stay search page: each property with its room types, what is left and until when cancelling is free. */
export const StaySearch = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      rooms: z.array(
        z.object({
          room_type_id: z.string(),
          rooms_left: z.number().int(),
          cancellation: z.object({ free_until: z.string().nullable() }),
        }),
      ),
    }),
  ),
  meta: z.object({ tier: z.string(), total: z.number().int() }),
});
