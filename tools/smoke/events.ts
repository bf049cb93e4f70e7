/**
 * The events journey over HTTP: find an event on sale in the seeded catalogue, hold one ticket of
 * a tier that sells now, book it, and see the payment queue confirm it.
 */
import { z } from "zod";
import { type Api, check, poll, SmokeFailure, show } from "./client.ts";
import { Booking, CreatedBooking } from "./schemas.ts";

const Money = z.object({ amount_minor: z.number().int(), currency: z.string() });
const Sales = z.object({ status: z.string() });
const EventPage = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), sold_out: z.boolean(), sales: Sales })),
});
const EventDetails = z.object({
  id: z.string(),
  status: z.string(),
  tiers: z.array(z.object({ id: z.string(), name: z.string(), remaining: z.number().int(), sales: Sales })),
});
const TicketHold = z.object({
  id: z.string(),
  product: z.literal("events"),
  event_id: z.string(),
  tier_id: z.string(),
  quantity: z.number().int(),
  status: z.string(),
  total_price: Money,
});

export interface EventJourneyState {
  api: Api;
  contact: string;
  event?: { id: string; name: string; tier: string };
  holdId?: string;
  booking?: CreatedBooking;
}

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new SmokeFailure(`${what} is missing: an earlier step did not run`);
  return value;
};

/** The seed's cities each have events most days: the first week from tomorrow in London has some on sale. */
export async function findEvent(s: EventJourneyState): Promise<string> {
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);
  const { body } = await s.api.call("GET", `/v1/events/search?place=LON&from=${from}&to=${to}&limit=50`, {
    expect: 200,
    schema: EventPage,
  });
  for (const card of body.data.filter((c) => !c.sold_out && c.sales.status === "open")) {
    const { body: event } = await s.api.call("GET", `/v1/events/${card.id}`, { expect: 200, schema: EventDetails });
    const tier = event.tiers.find((t) => t.sales.status === "open" && t.remaining >= 1);
    if (event.status === "scheduled" && tier) {
      s.event = { id: event.id, name: card.name, tier: tier.id };
      return `${card.name} (${event.id}), tier ${tier.name}: ${tier.remaining} left`;
    }
  }
  throw new SmokeFailure(`no event on sale in London between ${from} and ${to}`, show(body.data.length));
}

export async function holdTicket(s: EventJourneyState): Promise<string> {
  const event = need(s.event, "the event");
  const body = { event_id: event.id, tier_id: event.tier, quantity: 1 };
  const { body: hold } = await s.api.call("POST", "/v1/holds", { expect: 201, schema: TicketHold, body });
  check(hold.status === "held" && hold.quantity === 1, "the ticket hold is not held", hold);
  s.holdId = hold.id;
  return `${hold.id}: 1 × ${hold.tier_id} on ${hold.event_id}, ${hold.total_price.amount_minor} ${hold.total_price.currency}`;
}

export async function bookTicket(s: EventJourneyState): Promise<string> {
  const body = {
    hold_id: need(s.holdId, "the ticket hold"),
    passengers: [{ given_name: "Ada", family_name: "Lovelace" }],
    contact: { email: s.contact },
    payment: { method: "card", token: "tok_success" },
  };
  const { body: booking } = await s.api.call("POST", "/v1/bookings", { expect: 202, schema: CreatedBooking, body });
  s.booking = booking;
  return `${booking.reference}: 202 ${booking.status}`;
}

export async function ticketConfirmed(s: EventJourneyState): Promise<string> {
  const booking = need(s.booking, "the ticket booking");
  const path = `/v1/bookings/${booking.reference}`;
  const headers = { authorization: `Bearer ${booking.owner_token}` };
  const read = await poll("the ticket booking leaving pending_payment", 20_000, async () => {
    const { body } = await s.api.call("GET", path, { expect: 200, schema: Booking, headers });
    return { done: body.status !== "pending_payment", value: body };
  });
  check(read.status === "confirmed", `the ticket booking went to ${read.status}, expected confirmed`, read);
  return `${booking.reference} confirmed by the payment queue consumer`;
}
