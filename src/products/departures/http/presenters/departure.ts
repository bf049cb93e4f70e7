import type { z } from "@hono/zod-openapi";
import { toLocalIso } from "../../../../lib/time";
import type { DepartureDetails } from "../../details";
import type { DepartureSchema } from "../schemas/departure";
import { placeRef } from "./search";

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

export function presentDeparture({ departure: d, fares }: DepartureDetails): z.infer<typeof DepartureSchema> {
  const origin = placeRef(d.originCode);
  const destination = placeRef(d.destinationCode);
  return {
    id: d.id,
    mode: d.mode,
    operator: d.operator,
    number: d.number,
    status: d.status,
    origin,
    destination,
    service_date: d.serviceDate,
    departs_at: iso(d.departsAt),
    departs_at_local: toLocalIso(d.departsAt * 1000, origin.timezone),
    arrives_at: iso(d.arrivesAt),
    arrives_at_local: toLocalIso(d.arrivesAt * 1000, destination.timezone),
    duration_minutes: d.durationMinutes,
    fares: fares.map((f) => ({
      cabin: f.cabin,
      capacity: f.capacity,
      seats_available: f.seatsAvailable,
      price: { amount_minor: f.priceMinor, currency: f.currency },
    })),
    updated_at: iso(d.updatedAt),
  };
}
