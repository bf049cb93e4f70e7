import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { money } from "../format";
import { type Query, staysForm } from "../forms";
import { type Html, html, page } from "../html";
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

function stayCard(locale: string, stay: StayResult, nights: number): Html {
  const km = (stay.distance_m / 1000).toLocaleString(locale, { maximumFractionDigits: 1 });
  const left = Math.min(...stay.rooms.map((r) => r.rooms_left));
  return html`<li class="card">
    <h3>${stay.name}</h3>
    <p>${"★".repeat(stay.stars)}<span class="sr-only">${stay.stars} stars</span> ${stay.property_type} · ${km} km from the centre</p>
    <p>${stay.address}</p>
    <p class="price">${money(locale, stay.cheapest.total)} for ${nights} ${nights === 1 ? "night" : "nights"}
      <span class="left">${money(locale, stay.cheapest.per_night)} a night${left <= 3 ? ` · only ${left} left` : ""}</span></p>
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
      <ol class="results">${data.map((stay) => stayCard(locale, stay, meta.nights))}</ol>
      ${nextLink("/stays", query, meta.next_cursor)}
    </section>`;
  }
  return {
    html: page("Stays", html`<h1>Stays</h1>${staysForm(query, dates.in, dates.out)}${results}`, locale),
    status: outcome.ok === false ? outcome.problem.status : 200,
  };
}
