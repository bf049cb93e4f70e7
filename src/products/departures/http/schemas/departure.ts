import { z } from "@hono/zod-openapi";
import { MoneySchema } from "../../../../api/schemas";
import { DEPARTURE_ID_PATTERN, DEPARTURE_ID_RULE } from "../../id";
import { CABINS, DEPARTURE_STATUSES, TRANSPORT_MODES } from "../../schema";
import { PlaceRefSchema } from "./search";

/** 9999-12-31T23:59:59Z: later epochs have no 4-digit-year ISO form (and past ~year 275760, no Date at all). */
const MAX_EPOCH_SECONDS = 253_402_300_799;

const epochOrIso = z
  .union([z.iso.datetime({ offset: true }), z.number().int().positive().max(MAX_EPOCH_SECONDS)])
  .transform((v) => (typeof v === "number" ? v : Math.floor(Date.parse(v) / 1000)))
  .openapi({ description: "ISO 8601 with offset, or epoch seconds", example: "2026-12-01T07:30:00Z" });

const FareInput = z.object({
  cabin: z.enum(CABINS),
  capacity: z.number().int().min(1).max(1000),
  price_minor: z.number().int().min(0).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, "ISO 4217 code in capitals"),
});

export const NewDepartureSchema = z.object({
  id: z.string().regex(DEPARTURE_ID_PATTERN, DEPARTURE_ID_RULE).optional(),
  mode: z.enum(TRANSPORT_MODES),
  operator: z.string().trim().min(1).max(80),
  number: z.string().trim().min(1).max(20),
  origin: z.string().regex(/^[A-Z0-9]{3,5}$/),
  destination: z.string().regex(/^[A-Z0-9]{3,5}$/),
  departs_at: epochOrIso,
  arrives_at: epochOrIso,
  fares: z.array(FareInput).min(1).max(5),
});

export const CreateDeparturesBody = z
  .object({ departures: z.array(NewDepartureSchema).min(1).max(100) })
  .openapi("CreateDepartures");

export const DeparturePatchBody = z
  .object({
    status: z.enum(DEPARTURE_STATUSES).optional(),
    fares: z
      .array(
        z
          .object({
            cabin: z.enum(CABINS),
            capacity: z.number().int().min(0).max(1000).optional(),
            price_minor: z.number().int().min(0).max(100_000_000).optional(),
          })
          .refine((f) => f.capacity !== undefined || f.price_minor !== undefined, "Give capacity, price_minor or both"),
      )
      .max(5)
      .optional(),
    reason: z.string().trim().min(1).max(200).default("operator change"),
  })
  .refine((p) => p.status !== undefined || (p.fares?.length ?? 0) > 0, "Nothing to change: give status or fares")
  .openapi("DeparturePatch");

export const DepartureSchema = z
  .object({
    id: z.string(),
    mode: z.enum(TRANSPORT_MODES),
    operator: z.string(),
    number: z.string(),
    status: z.enum(DEPARTURE_STATUSES),
    origin: PlaceRefSchema,
    destination: PlaceRefSchema,
    service_date: z.string(),
    departs_at: z.string(),
    departs_at_local: z.string(),
    arrives_at: z.string(),
    arrives_at_local: z.string(),
    duration_minutes: z.number().int(),
    fares: z.array(
      z.object({
        cabin: z.enum(CABINS),
        capacity: z.number().int(),
        seats_available: z.number().int().openapi({ description: "Advisory" }),
        price: MoneySchema,
      }),
    ),
    updated_at: z.string(),
  })
  .openapi("Departure");

export const DepartureIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: "id", in: "path" }, example: "dep_lhr_cdg_0730" }),
});
