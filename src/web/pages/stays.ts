import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { money } from "../format";
import { type Query, staysForm } from "../forms";
import { type Html, html, page } from "../html";
import { reserveForm } from "../reserve";
import { freshnessLine, nextLink, problemBlock, runSearch, type WebPage } from "../search-page";

type StayResult = Schemas["StayResult"];
type StayResults = Schemas["StaySearchResponse"];

const ACCEPTED = [
  "place",
  "check_in",
  "check_out",
  "rooms",
  "adults",
  "children",
  "price_min",
  "price_max",
  "price_per",
  "stars",
  "amenities",
  "property_types",
  "sort",
  "cursor",
  "limit",
] as const;

/** Each room type on offer for the searched nights, reservable as it stands. */
function roomOffers(locale: string, stay: StayResult, query: Query): Html {
  const party = { check_in: query.check_in ?? "", check_out: query.check_out ?? "" };
  return html`<ul class="rooms">${stay.rooms.map(
    (room) => html`<li>${room.name}: ${money(locale, room.price.total)}
      ${room.cancellation.refundable && room.cancellation.free_until ? "· free cancellation" : "· non-refundable"}
      ${reserveForm(
        "stay",
        {
          property_id: stay.id,
          room_type_id: room.room_type_id,
          ...party,
          rooms: query.rooms ?? "1",
          adults: query.adults ?? "2",
          children: query.children ?? "0",
        },
        html``,
        `${stay.name}, ${room.name}, ${party.check_in} to ${party.check_out}`,
      )}</li>`,
  )}</ul>`;
}

/** The property page keeps the searched stay: dates and party. */
function detailQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const name of ["check_in", "check_out", "adults", "children", "rooms"]) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  return params.toString();
}

function stayCard(locale: string, stay: StayResult, nights: number, query: Query): Html {
  const km = (stay.distance_m / 1000).toLocaleString(locale, { maximumFractionDigits: 1 });
  const left = Math.min(...stay.rooms.map((r) => r.rooms_left));
  return html`<li class="card">
    <h3><a href="/stays/${stay.id}?${detailQuery(query)}">${stay.name}</a></h3>
    <p>${"★".repeat(stay.stars)}<span class="sr-only">${stay.stars} stars</span> ${stay.property_type} · ${km} km from the centre</p>
    <p>${stay.address}</p>
    <p class="price">${money(locale, stay.cheapest.total)} for ${nights} ${nights === 1 ? "night" : "nights"}
      <span class="left">${money(locale, stay.cheapest.per_night)} a night${left <= 3 ? ` · only ${left} left` : ""}</span></p>
    ${roomOffers(locale, stay, query)}
  </li>`;
}

export async function staysPage(
  fetchApi: ApiFetch,
  query: Query,
  locale: string,
  dates: { in: string; out: string },
): Promise<WebPage> {
  const outcome = await runSearch<StayResults>(fetchApi, "/v1/stays/search", query, ACCEPTED, [
    "place",
    "check_in",
    "check_out",
  ]);
  let results: Html = html``;
  if (outcome.ok === false) results = problemBlock(outcome.problem);
  if (outcome.ok === true) {
    const { data, meta } = outcome.body;
    results = html`<section aria-labelledby="results">
      <h2 id="results">${meta.total} ${meta.total === 1 ? "place to stay" : "places to stay"}</h2>
      ${freshnessLine(meta)}
      ${data.length === 0 ? html`<p>Nothing is free for every night. Try other dates or fewer rooms.</p>` : ""}
      <ol class="results">${data.map((stay) => stayCard(locale, stay, meta.nights, query))}</ol>
      ${nextLink("/stays", query, meta.next_cursor)}
    </section>`;
  }
  return {
    html: page("Stays", html`<h1>Stays</h1>${staysForm(query, dates.in, dates.out, true)}${results}`, locale),
    status: outcome.ok === false ? outcome.problem.status : 200,
  };
}
