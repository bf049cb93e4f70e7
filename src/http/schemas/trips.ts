import { z } from "@hono/zod-openapi";
import { problemBody } from "../../api/problem";
import { MoneySchema, nullableRef } from "../../api/schemas";
import type { DomainError } from "../../lib/result";
import { TRIP_POLICY, type TripView } from "../../trips/model";
import { HoldSchema, holdsOf, productRefusal, TripItemBody } from "../holdable";
import { toHoldBody } from "./holds";

const TRIP_STATUSES = ["placing", "held", "releasing", "released", "refused", "expired", "booked"] as const;

export const TripIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" }, example: "trp_0a1b2c3d4e5f6g7h8i9j0k" }),
});

/** One pass per unit selling through a waiting room (each from POST /v1/waiting-rooms/{unit_id}/join). */
export const TripPassHeaders = z.object({
  "waiting-room-pass": z
    .string()
    .max(TRIP_POLICY.maxItems * 520)
    .optional()
    .openapi({
      description:
        "The pass of each item's unit that sells through a waiting room, comma-separated (one pass alone is checked against every such unit).",
    }),
});

export const CreateTripBody = z
  .object({
    items: z
      .array(TripItemBody)
      .min(1)
      .max(TRIP_POLICY.maxItems)
      .openapi({
        description:
          `${TRIP_POLICY.minItems} to ${TRIP_POLICY.maxItems} items once itineraries are counted by their segments: ` +
          "each a hold body as POST /v1/holds takes it, or an itinerary (a round trip is two).",
      }),
  })
  .openapi("CreateTrip");

const InnerProblemSchema = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), code: z.string(), detail: z.string() })
  .passthrough()
  .openapi("TripItemProblem");

export const TripSchema = z
  .object({
    id: z.string(),
    status: z.enum(TRIP_STATUSES).openapi({
      description:
        "held until expires_at; released, refused, expired or booked once ended; placing or releasing in between",
    }),
    items: z.array(
      z.object({
        index: z.number().int().openapi({ description: "Position in the request (itineraries counted by segment)" }),
        unit_id: z.string(),
        hold: nullableRef(HoldSchema).openapi({ description: "Null when the item was never held" }),
      }),
    ),
    total_price: nullableRef(MoneySchema).openapi({ description: "Once every item is held" }),
    expires_at: z.string().nullable().openapi({ description: "The earliest item's hold expiry (ISO 8601, UTC)" }),
    created_at: z.string(),
    booking_id: z.string().nullable(),
    refusal: z
      .object({ item: z.number().int().nullable(), problem: InnerProblemSchema })
      .nullable()
      .openapi({ description: "Why a refused trip holds nothing" }),
  })
  .openapi("Trip");

/** The problem of one item (as POST /v1/holds would answer it), without a request id of its own. */
export function itemProblem(error: DomainError, unitId: string | null): z.infer<typeof InnerProblemSchema> {
  const { request_id: _none, ...problem } = problemBody(
    productRefusal(error, unitId ? holdsOf(unitId) : undefined),
    "",
  );
  return problem;
}

export function toTripBody(trip: TripView): z.infer<typeof TripSchema> {
  const refusal = trip.refusal;
  const refusedUnit = refusal?.index != null ? (trip.items[refusal.index]?.unitId ?? null) : null;
  return {
    id: trip.tripId,
    status: trip.status,
    items: trip.items.map((i) => ({
      index: i.index,
      unit_id: i.unitId,
      hold: i.hold ? (toHoldBody(i.hold, holdsOf(i.unitId)) as z.infer<typeof HoldSchema>) : null,
    })),
    total_price:
      trip.totalMinor !== null && trip.currency !== null
        ? { amount_minor: trip.totalMinor, currency: trip.currency }
        : null,
    expires_at: trip.expiresAt !== null ? new Date(trip.expiresAt).toISOString() : null,
    created_at: new Date(trip.createdAt).toISOString(),
    booking_id: trip.bookingId,
    refusal: refusal ? { item: refusal.index, problem: itemProblem(refusal.error, refusedUnit) } : null,
  };
}
