import { z } from "@hono/zod-openapi";
import type { ProductBookingFields } from "../module";
import { CABINS, type Cabin } from "./schema/cabins";

const isCabin = (pool: string | undefined): pool is Cabin => (CABINS as readonly string[]).includes(pool ?? "");

/**
 * What clients of departures read on a booking before bookings had items: the departure, cabin
 * and seats of its first departure item, and on the operator's listing its first departure.
 */
export const departureBookingFields: ProductBookingFields = {
  fields: {
    departure_id: z.string().optional().openapi({ description: "Bookings of a departure: its id (from its item)" }),
    cabin: z.enum(CABINS).optional().openapi({ description: "Bookings of a departure: the cabin held" }),
    seats: z.number().int().optional().openapi({ description: "Bookings of a departure: the seats held" }),
  },
  present(items) {
    const item = items[0];
    const pool = item?.lines[0]?.pool;
    if (!item || !isCabin(pool)) return {};
    return { departure_id: item.unitId, cabin: pool, seats: item.quantity };
  },
  listingFields: {
    departure_id: z.string().optional().openapi({ description: "Its first departure, for clients that read it" }),
  },
  presentListing: (unitIds) => (unitIds[0] ? { departure_id: unitIds[0] } : {}),
};
