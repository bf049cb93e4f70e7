import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { HttpEnv } from "../api/context";
import { ProblemError } from "../api/problem";
import type { CreateBookingInput } from "../bookings/create-booking";
import type { BookingDeps } from "../bookings/deps";
import { createDb } from "../db/client";
import { inventoryStub } from "../inventory/stub";
import { paymentProviderFromEnv } from "../payments/factory";
import { productHooks } from "./product-hooks";
import type { CreateBookingBody } from "./schemas/bookings";

/** What every route that makes a booking (POST /v1/bookings, POST /v1/trips/{id}/book) shares. */
export function bookingDepsFor(c: Context<HttpEnv>, session: D1DatabaseSession): BookingDeps {
  const { env, clock, log } = c.var.services;
  return {
    db: createDb(session),
    inventory: (unitId) => inventoryStub(env, unitId),
    paymentJobs: env.PAYMENT_JOBS,
    emailJobs: env.EMAIL_JOBS,
    clock,
    log,
    requestId: c.var.requestId,
    products: productHooks(env, () => clock.now()),
  };
}

/** The provider a new booking will be charged through, or 503 before anything is written. */
export function paymentProviderName(c: Context<HttpEnv>): string {
  const provider = paymentProviderFromEnv(c.env);
  if (!provider.ok) {
    c.var.services.log.error("payments_unavailable", { reason: provider.reason });
    throw ProblemError.of("PAYMENTS_UNAVAILABLE", "Bookings cannot be paid for right now. Try again later.");
  }
  return provider.provider.name;
}

export type Party = Pick<z.infer<typeof CreateBookingBody>, "passengers" | "contact" | "payment">;

/** The travellers, contact and payment of a booking request, as the bookings engine takes them. */
export function bookingParty(body: Party, provider: string): Omit<CreateBookingInput, "holdIds" | "holdId"> {
  return {
    passengers: body.passengers.map((p) => ({
      givenName: p.given_name,
      familyName: p.family_name,
      birthDate: p.birth_date,
    })),
    contactEmail: body.contact.email,
    payment: body.payment,
    provider,
  };
}

/** Writes go to the primary and hand back a bookmark; a read that sends it sees at least that write. */
export function withBookmark(c: Context<HttpEnv>, session: D1DatabaseSession): void {
  const bookmark = session.getBookmark();
  if (bookmark) c.header("x-d1-bookmark", bookmark);
}
