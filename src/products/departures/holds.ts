import { z } from "@hono/zod-openapi";
import { MoneySchema } from "../../api/schemas";
import { SEARCH_LIMITS } from "../../config";
import type { DomainError } from "../../lib/result";
import { ok } from "../../lib/result";
import type { ProductHolds } from "../module";
import { DEPARTURE_ID_PATTERN, DEPARTURE_ID_RULE } from "./id";
import { parseItineraryId } from "./itinerary-id";
import { CABINS } from "./schema/cabins";

export const PlaceDepartureHoldBody = z.object({
  departure_id: z.string().regex(DEPARTURE_ID_PATTERN, DEPARTURE_ID_RULE).openapi({ example: "dep_lhr_cdg_0815" }),
  cabin: z.enum(CABINS),
  passengers: z.number().int().min(1).max(SEARCH_LIMITS.maxPassengers),
});

/** What a departure hold adds to the engine's Hold (today's clients read these). */
const DepartureHoldFields = {
  departure_id: z.string().optional().openapi({ description: "Departure holds only." }),
  cabin: z.enum(CABINS).optional().openapi({ description: "Departure holds only." }),
  seats: z.number().int().optional().openapi({ description: "Departure holds only." }),
  unit_price: MoneySchema.optional().openapi({ description: "Departure holds only: the price per seat." }),
};

/** Every segment of an itinerary /v1/search offered, each a departure hold of `passengers` seats in its cabin. */
export const ItineraryBody = z
  .object({
    itinerary_id: z
      .string()
      .max(300)
      .refine(
        (id) => parseItineraryId(id) !== null,
        "must be an itinerary id from /v1/search (itn_<cabin>.dep_….dep_…)",
      )
      .openapi({ example: "itn_economy.dep_0jugb5p1nha7o1.dep_1x9kq0c2m4b7zz" }),
    passengers: z.number().int().min(1).max(SEARCH_LIMITS.maxPassengers),
  })
  .openapi("TripItinerary");

type DepartureHoldBody = z.infer<typeof PlaceDepartureHoldBody>;

/**
 * POST /v1/holds for seats: `{ departure_id, cabin, passengers }` becomes one line of
 * `passengers` seats on the cabin's pool of the departure's object.
 */
export const departureHolds: ProductHolds<DepartureHoldBody, z.infer<typeof ItineraryBody>> = {
  requestSchema: PlaceDepartureHoldBody,
  toRequest: (body) => ok({ unitId: body.departure_id, lines: [{ pool: body.cabin, quantity: body.passengers }] }),
  responseFields: DepartureHoldFields,
  present: (hold) => {
    const line = hold.lines[0];
    return {
      departure_id: hold.unitId,
      cabin: line?.pool as (typeof CABINS)[number],
      seats: line?.quantity ?? 0,
      unit_price: { amount_minor: line?.unitPriceMinor ?? 0, currency: hold.currency },
    };
  },
  /**
   * Today's clients read `seats_left` on INSUFFICIENT_SEATS (the engine says what is left per
   * line) and `seats` on PASSENGER_COUNT_MISMATCH (the engine's `quantity`), in seats' words.
   */
  refusal(error: DomainError): DomainError {
    if (error.code === "INSUFFICIENT_SEATS") {
      const lines = (error.extra?.lines ?? []) as { left: number }[];
      return { code: error.code, detail: error.detail, extra: { seats_left: lines[0]?.left ?? 0 } };
    }
    const { quantity, sent } = error.extra ?? {};
    if (error.code === "PASSENGER_COUNT_MISMATCH" && typeof quantity === "number" && typeof sent === "number") {
      const detail = `The hold is for ${quantity} seat(s) but ${sent} passenger(s) were sent.`;
      return { code: error.code, detail, extra: { seats: quantity } };
    }
    return error;
  },
  /** A trip's item may be an itinerary: one hold per segment, all in its cabin. */
  bundle: {
    schema: ItineraryBody,
    expand(body) {
      const itinerary = parseItineraryId(body.itinerary_id);
      if (!itinerary) return [];
      return itinerary.departureIds.map(
        (departure_id): DepartureHoldBody => ({ departure_id, cabin: itinerary.cabin, passengers: body.passengers }),
      );
    },
  },
};
