import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { dateTime, money } from "../format";
import { eventsForm, type Query } from "../forms";
import { type Html, html, page } from "../html";
import { freshnessLine, nextLink, problemBlock, runSearch, type WebPage } from "../search-page";

type EventCard = Schemas["EventCard"];
type EventResults = Schemas["EventSearchResponse"];

const ACCEPTED = ["place", "from", "to", "category", "q", "sort", "cursor", "limit"] as const;

function eventCard(locale: string, event: EventCard): Html {
  return html`<li class="card">
    <h3><a href="/events/${event.id}">${event.name}</a></h3>
    <p>${event.category}${event.performers.length > 0 ? ` · ${event.performers.join(", ")}` : ""}</p>
    <p class="when">${dateTime(locale, event.starts_at, event.timezone)} · ${event.venue.name} (local time)</p>
    <p class="price">${
      event.sold_out ? html`<strong>Sold out</strong>` : html`from ${money(locale, event.price_from)}`
    } <span class="left">${event.sold_out ? "" : `${event.remaining} tickets left`}</span></p>
  </li>`;
}

export async function eventsPage(fetchApi: ApiFetch, query: Query, locale: string, today: string): Promise<WebPage> {
  const outcome = await runSearch<EventResults>(fetchApi, "/v1/events/search", query, ACCEPTED, ["place"]);
  let results: Html = html``;
  if (outcome.ok === false) results = problemBlock(outcome.problem);
  if (outcome.ok === true) {
    const { data, meta } = outcome.body;
    results = html`<section aria-labelledby="results">
      <h2 id="results">${meta.total} ${meta.total === 1 ? "event" : "events"}</h2>
      ${freshnessLine(meta)}
      ${data.length === 0 ? html`<p>No event matches. Try other dates or fewer words.</p>` : ""}
      <ol class="results">${data.map((event) => eventCard(locale, event))}</ol>
      ${nextLink("/events", query, meta.next_cursor)}
    </section>`;
  }
  return {
    html: page("Events", html`<h1>Events</h1>${eventsForm(query, today, true)}${results}`, locale),
    status: outcome.ok === false ? outcome.problem.status : 200,
  };
}
