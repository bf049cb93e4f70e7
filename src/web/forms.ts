import { type Html, html } from "./html";

export type Query = Record<string, string | undefined>;

function field(label: string, name: string, value: string | undefined, attrs: Html = html``): Html {
  return html`<label>${label} <input name="${name}" value="${value ?? ""}" ${attrs} /></label>`;
}

/** A place field: free text with suggestions from /v1/places (public/app/app.js fills the list). */
function placeField(label: string, name: string, value: string | undefined): Html {
  return html`<label>${label} <input name="${name}" value="${value ?? ""}" required autocomplete="off"
    list="${name}-places" data-places="${name}-places" placeholder="City or station code, e.g. LON" /></label>
    <datalist id="${name}-places"></datalist>`;
}

export function tripsForm(q: Query, today: string): Html {
  return html`<form class="search" action="/trips" method="get" aria-label="Search trips">
    ${placeField("From", "origin", q.origin)} ${placeField("To", "destination", q.destination)}
    ${field("Date", "date", q.date ?? today, html`type="date" required min="${today}"`)}
    ${field("Travellers", "passengers", q.passengers ?? "1", html`type="number" min="1" max="9" required`)}
    <button type="submit">Search trips</button>
  </form>`;
}

export function staysForm(q: Query, checkIn: string, checkOut: string): Html {
  return html`<form class="search" action="/stays" method="get" aria-label="Search stays">
    ${placeField("Where", "place", q.place)}
    ${field("Check-in", "check_in", q.check_in ?? checkIn, html`type="date" required min="${checkIn}"`)}
    ${field("Check-out", "check_out", q.check_out ?? checkOut, html`type="date" required`)}
    ${field("Adults", "adults", q.adults ?? "2", html`type="number" min="1" max="16" required`)}
    ${field("Children", "children", q.children ?? "0", html`type="number" min="0" max="16"`)}
    ${field("Rooms", "rooms", q.rooms ?? "1", html`type="number" min="1" max="8"`)}
    <button type="submit">Search stays</button>
  </form>`;
}

export function eventsForm(q: Query, today: string): Html {
  return html`<form class="search" action="/events" method="get" aria-label="Search events">
    ${placeField("Where", "place", q.place)}
    ${field("From", "from", q.from ?? today, html`type="date" min="${today}"`)}
    ${field("To", "to", q.to, html`type="date"`)}
    ${field("Name, artist or venue", "q", q.q, html`type="search"`)}
    <button type="submit">Search events</button>
  </form>`;
}
