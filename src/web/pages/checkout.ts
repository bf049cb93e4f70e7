import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { dateTime, money } from "../format";
import { type Html, html, page } from "../html";
import { type PageProblem, pageProblem } from "../problems";
import { problemBlock, type WebPage } from "../search-page";

type Hold = Schemas["Hold"];
type Departure = Schemas["Departure"];

/** The sandbox provider's cards (docs/bookings-and-payments.md); with Stripe, Stripe.js makes the token. */
const SANDBOX_TOKENS: [string, string][] = [
  ["tok_success", "Test card: pays"],
  ["tok_decline", "Test card: declined"],
  ["tok_insufficient_funds", "Test card: insufficient funds"],
  ["tok_pending", "Test card: settles later"],
];

/** What the traveller typed, kept when the API refuses it so nothing is lost. */
export type CheckoutForm = Record<string, string>;

/** How many named travellers the hold needs: one per seat on a departure, a lead name otherwise. */
export const travellersOf = (hold: Hold): number =>
  hold.product === "departures" ? hold.lines.reduce((n, l) => n + l.quantity, 0) : 1;

async function departureOf(fetchApi: ApiFetch, hold: Hold): Promise<Departure | null> {
  if (hold.product !== "departures") return null;
  const res = await fetchApi(`/v1/departures/${encodeURIComponent(hold.unit_id)}`);
  return res.ok ? ((await res.json()) as Departure) : null;
}

function summary(locale: string, hold: Hold, departure: Departure | null): Html {
  return html`<section aria-labelledby="what" class="card">
    <h2 id="what">${
      departure
        ? `${departure.origin.name} → ${departure.destination.name}, ${departure.operator} ${departure.number}`
        : hold.unit_id
    }</h2>
    ${
      departure
        ? html`<p class="when">Leaves ${dateTime(locale, departure.departs_at, departure.origin.timezone)} (local time)</p>`
        : ""
    }
    <ul>${hold.lines.map(
      (l) =>
        html`<li>${l.quantity} × ${l.label} at ${money(locale, l.unit_price)}: ${money(locale, l.total_price)}</li>`,
    )}</ul>
    <p class="price">Total ${money(locale, hold.total_price)}</p>
  </section>`;
}

function countdown(hold: Hold): Html {
  if (hold.status !== "held") return html``;
  return html`<p class="countdown" role="timer">Reserved for you until
    <time datetime="${hold.expires_at}" data-expires-at="${hold.expires_at}">${hold.expires_at.slice(11, 16)} UTC</time>.
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

function checkoutForm(hold: Hold, form: CheckoutForm): Html {
  if (hold.status !== "held") return html``;
  const token = form.payment_token ?? "tok_success";
  return html`<form class="checkout" action="/book/${hold.id}" method="post" aria-label="Book">
    <input type="hidden" name="idempotency_key" value="${form.idempotency_key ?? crypto.randomUUID()}" />
    ${travellerFields(travellersOf(hold), form)}
    <label>Email for the confirmation <input type="email" name="email" value="${form.email ?? ""}" required
      maxlength="254" autocomplete="email" /></label>
    <label>Payment <select name="payment_token">${SANDBOX_TOKENS.map(
      ([value, label]) => html`<option value="${value}" ${value === token ? "selected" : ""}>${label}</option>`,
    )}</select></label>
    <button type="submit">Pay and book</button>
  </form>`;
}

function heldState(hold: Hold): Html {
  if (hold.status === "held") return html``;
  const sentence =
    hold.status === "expired"
      ? "This reservation ran out. Search again to reserve new places."
      : hold.status === "confirmed"
        ? "These places are booked."
        : "This reservation was released.";
  return html`<div class="problem" role="alert"><p>${sentence}</p><p><a href="/">Search again</a></p></div>`;
}

/** The reserved places, the countdown and the traveller's details, or why it cannot be booked. */
export async function checkoutPage(
  fetchApi: ApiFetch,
  holdId: string,
  locale: string,
  form: CheckoutForm = {},
  problem?: PageProblem,
): Promise<WebPage> {
  const res = await fetchApi(`/v1/holds/${encodeURIComponent(holdId)}`);
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const missing = pageProblem(res.status, body);
    return { html: page("Checkout", html`<h1>Checkout</h1>${problemBlock(missing)}`, locale), status: res.status };
  }
  const hold = body as Hold;
  const departure = await departureOf(fetchApi, hold);
  return {
    html: page(
      "Checkout",
      html`<h1>Checkout</h1>${problem ? problemBlock(problem) : ""}${summary(locale, hold, departure)}${countdown(hold)}
        ${heldState(hold)}${checkoutForm(hold, form)}`,
      locale,
    ),
    status: problem?.status ?? 200,
  };
}
