import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { dateTime, day, money } from "../format";
import { type Html, html, page } from "../html";
import { type PageProblem, pageProblem } from "../problems";
import { problemBlock, type WebPage } from "../search-page";

type Hold = Schemas["Hold"];
type Trip = Schemas["Trip"];
type Departure = Schemas["Departure"];
type EventDetails = Schemas["Event"];
type Property = Schemas["Property"];
type Money = Schemas["Money"];

/** What is being paid for: one hold, or a trip's holds (paid once, booked under one reference). */
interface Basket {
  holds: Hold[];
  total: Money;
  expiresAt: string;
  held: boolean;
  /** Where the form posts. */
  action: string;
  /** Why it cannot be booked, when it cannot. */
  ended: string | null;
}

/** The sandbox provider's cards (docs/bookings-and-payments.md); with Stripe, Stripe.js makes the token. */
const SANDBOX_TOKENS: [string, string][] = [
  ["tok_success", "Test card: pays"],
  ["tok_decline", "Test card: declined"],
  ["tok_insufficient_funds", "Test card: insufficient funds"],
  ["tok_pending", "Test card: settles later"],
];

/** What the traveller typed, kept when the API refuses it so nothing is lost. */
export type CheckoutForm = Record<string, string>;

/** How many named travellers the holds need: one per seat on a departure, a lead name otherwise. */
export const travellersOf = (holds: Hold[]): number =>
  Math.max(1, ...holds.map((h) => (h.product === "departures" ? h.lines.reduce((n, l) => n + l.quantity, 0) : 1)));

/** What the traveller reads about a held unit: its name and when, in the place's time. */
interface Described {
  title: string;
  when: string | null;
}

/** A held unit as the product's own read route describes it; its id when that route has nothing. */
async function describe(fetchApi: ApiFetch, hold: Hold, locale: string): Promise<Described> {
  const unit = encodeURIComponent(hold.unit_id);
  const reads: Record<string, string> = {
    departures: `/v1/departures/${unit}`,
    stays: `/v1/stays/${unit}`,
    events: `/v1/events/${unit}`,
  };
  const path = reads[hold.product];
  const res = path ? await fetchApi(path) : null;
  if (!res?.ok) return { title: hold.unit_id, when: null };
  if (hold.product === "departures") {
    const d = (await res.json()) as Departure;
    return {
      title: `${d.origin.name} → ${d.destination.name}, ${d.operator} ${d.number}`,
      when: `Leaves ${dateTime(locale, d.departs_at, d.origin.timezone)} (local time)`,
    };
  }
  if (hold.product === "events") {
    const e = (await res.json()) as EventDetails;
    return { title: `${e.name}, ${e.venue.name}`, when: `${dateTime(locale, e.starts_at, e.timezone)} (local time)` };
  }
  const p = (await res.json()) as Property;
  const nights = hold.lines.map((l) => l.pool.split("@")[1] ?? "").sort();
  const first = nights[0];
  return {
    title: p.name,
    when: first ? `${nights.length} ${nights.length === 1 ? "night" : "nights"} from ${day(locale, first)}` : null,
  };
}

function summary(locale: string, hold: Hold, described: Described, index: number): Html {
  return html`<section aria-labelledby="what-${index}" class="card">
    <h2 id="what-${index}">${described.title}</h2>
    ${described.when ? html`<p class="when">${described.when}</p>` : ""}
    <ul>${hold.lines.map(
      (l) =>
        html`<li>${l.quantity} × ${l.label} at ${money(locale, l.unit_price)}: ${money(locale, l.total_price)}</li>`,
    )}</ul>
    <p class="price">${money(locale, hold.total_price)}</p>
  </section>`;
}

function countdown(basket: Basket): Html {
  if (!basket.held) return html``;
  return html`<p class="countdown" role="timer">Reserved for you until
    <time datetime="${basket.expiresAt}" data-expires-at="${basket.expiresAt}">${basket.expiresAt.slice(11, 16)} UTC</time>.
    After that the places go back on sale.</p>`;
}

function travellerFields(count: number, form: CheckoutForm): Html {
  return html`${Array.from(
    { length: count },
    (_, i) => html`<fieldset>
      <legend>${count === 1 ? "Traveller" : `Traveller ${i + 1}`}</legend>
      <label>Given name <input name="given_name_${i}" value="${form[`given_name_${i}`] ?? ""}" required maxlength="100"
        autocomplete="${i === 0 ? "given-name" : "off"}" /></label>
      <label>Family name <input name="family_name_${i}" value="${form[`family_name_${i}`] ?? ""}" required maxlength="100"
        autocomplete="${i === 0 ? "family-name" : "off"}" /></label>
    </fieldset>`,
  )}`;
}

function checkoutForm(basket: Basket, form: CheckoutForm): Html {
  if (!basket.held) return html``;
  const token = form.payment_token ?? "tok_success";
  return html`<form class="checkout" action="${basket.action}" method="post" aria-label="Book">
    <input type="hidden" name="idempotency_key" value="${form.idempotency_key ?? crypto.randomUUID()}" />
    ${travellerFields(travellersOf(basket.holds), form)}
    <label>Email for the confirmation <input type="email" name="email" value="${form.email ?? ""}" required
      maxlength="254" autocomplete="email" /></label>
    <label>Payment <select name="payment_token">${SANDBOX_TOKENS.map(
      ([value, label]) => html`<option value="${value}" ${value === token ? "selected" : ""}>${label}</option>`,
    )}</select></label>
    <button type="submit">Pay and book</button>
  </form>`;
}

function heldState(basket: Basket): Html {
  if (!basket.ended) return html``;
  return html`<div class="problem" role="alert"><p>${basket.ended}</p><p><a href="/">Search again</a></p></div>`;
}

const ENDED: Record<string, string> = {
  expired: "This reservation ran out. Search again to reserve new places.",
  confirmed: "These places are booked.",
  booked: "This trip is booked.",
};
const endedSentence = (status: string) => ENDED[status] ?? "This reservation was released.";

const holdBasket = (hold: Hold): Basket => ({
  holds: [hold],
  total: hold.total_price,
  expiresAt: hold.expires_at,
  held: hold.status === "held",
  action: `/book/${hold.id}`,
  ended: hold.status === "held" ? null : endedSentence(hold.status),
});

const tripBasket = (trip: Trip): Basket => {
  const holds = trip.items.flatMap((i) => (i.hold ? [i.hold] : []));
  const held = trip.status === "held" && trip.total_price !== null && trip.expires_at !== null;
  return {
    holds,
    total: trip.total_price ?? { amount_minor: 0, currency: holds[0]?.total_price.currency ?? "EUR" },
    expiresAt: trip.expires_at ?? "",
    held,
    action: `/book/trip/${trip.id}`,
    ended: held ? null : endedSentence(trip.status),
  };
};

/** A hold id (`hld_…`) or a trip id (`trp_…`): what /book/… pages are about. */
export interface BasketRef {
  kind: "hold" | "trip";
  id: string;
}

async function basketOf(
  fetchApi: ApiFetch,
  ref: BasketRef,
): Promise<{ basket: Basket } | { status: number; body: unknown }> {
  const path =
    ref.kind === "trip" ? `/v1/trips/${encodeURIComponent(ref.id)}` : `/v1/holds/${encodeURIComponent(ref.id)}`;
  const res = await fetchApi(path);
  const body = await res.json().catch(() => undefined);
  if (!res.ok) return { status: res.status, body };
  return { basket: ref.kind === "trip" ? tripBasket(body as Trip) : holdBasket(body as Hold) };
}

/** The holds a checkout pays for (the booking form needs how many travellers they take). */
export async function holdsOf(fetchApi: ApiFetch, ref: BasketRef): Promise<Hold[]> {
  const found = await basketOf(fetchApi, ref);
  return "basket" in found ? found.basket.holds : [];
}

/** The reserved places, the countdown and the traveller's details, or why it cannot be booked. */
export async function checkoutPage(
  fetchApi: ApiFetch,
  ref: BasketRef,
  locale: string,
  form: CheckoutForm = {},
  problem?: PageProblem,
): Promise<WebPage> {
  const found = await basketOf(fetchApi, ref);
  if (!("basket" in found)) {
    const missing = pageProblem(found.status, found.body);
    return { html: page("Checkout", html`<h1>Checkout</h1>${problemBlock(missing)}`, locale), status: found.status };
  }
  const { basket } = found;
  const described = await Promise.all(basket.holds.map((hold) => describe(fetchApi, hold, locale)));
  return {
    html: page(
      "Checkout",
      html`<h1>Checkout</h1>${problem ? problemBlock(problem) : ""}${basket.holds.map((hold, i) =>
        summary(locale, hold, described[i] ?? { title: hold.unit_id, when: null }, i),
      )}<p class="price">Total ${money(locale, basket.total)}</p>${countdown(basket)}
        ${heldState(basket)}${checkoutForm(basket, form)}`,
      locale,
    ),
    status: problem?.status ?? 200,
  };
}
