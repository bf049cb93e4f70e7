import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { dateTime, duration, money, time } from "../format";
import { type Query, tripsForm } from "../forms";
import { type Html, html, page } from "../html";
import { reserveForm } from "../reserve";
import { freshnessLine, nextLink, problemBlock, runSearch, type WebPage } from "../search-page";

type Offer = Schemas["Offer"];
type TripResults = Schemas["SearchResponse"];

const ACCEPTED = [
  "origin",
  "destination",
  "date",
  "passengers",
  "cabin",
  "max_connections",
  "sort",
  "cursor",
  "limit",
] as const;

/** A direct departure is held on its own; a connection as a trip (every segment or none). */
function reserve(offer: Offer, passengers: string, label: string): Html {
  if (offer.segments.length > 1) return reserveForm("itinerary", { itinerary_id: offer.id, passengers }, html``, label);
  if (!offer.departure_id) return html``;
  return reserveForm(
    "departure",
    { departure_id: offer.departure_id, cabin: offer.fare_class, passengers },
    html``,
    label,
  );
}

function offerCard(locale: string, offer: Offer, passengers: string): Html {
  const first = offer.segments[0];
  const last = offer.segments.at(-1);
  if (!first || !last) return html``;
  const route = html`${time(locale, first.departs_at, first.origin.timezone)} ${first.origin.name} →
      ${time(locale, last.arrives_at, last.destination.timezone)} ${last.destination.name}`;
  const services = offer.segments.map((s) => `${s.operator} ${s.number}`).join(" · ");
  const label = `${first.origin.name} → ${last.destination.name}, ${services}, ${offer.fare_class}`;
  return html`<li class="card">
    <h3>${
      offer.departure_id && offer.segments.length === 1
        ? html`<a href="/departures/${offer.departure_id}?passengers=${passengers}">${route}</a>`
        : route
    }</h3>
    <p>${services} · ${duration(offer.duration_minutes)} ·
      ${offer.fare_class}</p>
    ${
      offer.segments.length > 1
        ? html`<p class="when">1 change in ${first.destination.name}${
            offer.layover_minutes ? `, ${duration(offer.layover_minutes)} between trains or flights` : ""
          }</p>`
        : ""
    }
    <p class="when">Leaves ${dateTime(locale, first.departs_at, first.origin.timezone)} (local time)</p>
    <p class="price">${money(locale, offer.price.total)} <span class="left">${offer.seats_left} seats left</span></p>
    ${reserve(offer, passengers, label)}
  </li>`;
}

export async function tripsPage(fetchApi: ApiFetch, query: Query, locale: string, today: string): Promise<WebPage> {
  const outcome = await runSearch<TripResults>(fetchApi, "/v1/search", query, ACCEPTED, [
    "origin",
    "destination",
    "date",
  ]);
  let results: Html = html``;
  if (outcome.ok === false) results = problemBlock(outcome.problem);
  if (outcome.ok === true) {
    const { data, meta } = outcome.body;
    results = html`<section aria-labelledby="results">
      <h2 id="results">${meta.total} ${meta.total === 1 ? "option" : "options"}</h2>
      ${freshnessLine(meta)}
      ${data.length === 0 ? html`<p>Nothing fits on that day. Try another date or fewer travellers.</p>` : ""}
      <ol class="results">${data.map((offer) => offerCard(locale, offer, query.passengers ?? "1"))}</ol>
      ${nextLink("/trips", query, meta.next_cursor)}
    </section>`;
  }
  return {
    html: page("Trips", html`<h1>Trips</h1>${tripsForm(query, today, true)}${results}`, locale),
    status: outcome.ok === false ? outcome.problem.status : 200,
  };
}
