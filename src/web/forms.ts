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

/** A choice of the API's values for one parameter; "" (the first, "Any") leaves it out. */
function choice(
  label: string,
  name: string,
  value: string | undefined,
  options: readonly (readonly [string, string])[],
): Html {
  return html`<label>${label} <select name="${name}">${options.map(
    ([v, text]) => html`<option value="${v}" ${v === (value ?? "") ? "selected" : ""}>${text}</option>`,
  )}</select></label>`;
}

/**
 * The filters and sort a results page offers, in the same form as the search so that changing
 * one searches again from the first page. The values are the API's own (its OpenAPI enums; a
 * test searches with every one).
 */
export const REFINE = {
  trips: {
    sort: [
      ["", "Earliest departure"],
      ["price", "Cheapest"],
      ["duration", "Shortest"],
    ],
    cabin: [
      ["", "Any cabin"],
      ["economy", "Economy"],
      ["premium", "Premium"],
      ["business", "Business"],
      ["first", "First"],
      ["standard", "Standard (rail, bus, ferry)"],
    ],
    max_connections: [
      ["", "Direct, or one change if nothing direct"],
      ["0", "Direct only"],
      ["1", "Direct and one change"],
    ],
  },
  stays: {
    sort: [
      ["", "Cheapest"],
      ["stars", "Most stars"],
      ["distance", "Nearest the centre"],
    ],
    stars: [
      ["", "Any"],
      ["3,4,5", "3 stars or more"],
      ["4,5", "4 stars or more"],
      ["5", "5 stars"],
    ],
    amenities: [
      ["", "Any"],
      ["wifi", "Wi-Fi"],
      ["breakfast", "Breakfast"],
      ["parking", "Parking"],
      ["pool", "Pool"],
      ["accessible", "Accessible"],
      ["pets_allowed", "Pets allowed"],
    ],
    property_types: [
      ["", "Any"],
      ["hotel", "Hotel"],
      ["hostel", "Hostel"],
      ["apartment", "Apartment"],
      ["guesthouse", "Guesthouse"],
      ["resort", "Resort"],
    ],
  },
  events: {
    category: [
      ["", "Any"],
      ["concert", "Concerts"],
      ["theatre", "Theatre"],
      ["sport", "Sport"],
      ["tour", "Tours"],
      ["dinner", "Shared-table dinners"],
    ],
    sort: [
      ["", "Soonest"],
      ["price", "Cheapest"],
      ["popularity", "Most popular"],
    ],
  },
} as const;

function refine(fields: Html): Html {
  return html`<fieldset class="refine"><legend>Filter and sort</legend>${fields}</fieldset>`;
}

export function tripsForm(q: Query, today: string, refined = false): Html {
  const r = REFINE.trips;
  return html`<form class="search" action="/trips" method="get" aria-label="Search trips">
    ${placeField("From", "origin", q.origin)} ${placeField("To", "destination", q.destination)}
    ${field("Date", "date", q.date ?? today, html`type="date" required min="${today}"`)}
    ${field("Travellers", "passengers", q.passengers ?? "1", html`type="number" min="1" max="9" required`)}
    ${
      refined
        ? refine(html`${choice("Sort", "sort", q.sort, r.sort)} ${choice("Cabin", "cabin", q.cabin, r.cabin)}
            ${choice("Changes", "max_connections", q.max_connections, r.max_connections)}`)
        : ""
    }
    <button type="submit">Search trips</button>
  </form>`;
}

export function staysForm(q: Query, checkIn: string, checkOut: string, refined = false): Html {
  const r = REFINE.stays;
  return html`<form class="search" action="/stays" method="get" aria-label="Search stays">
    ${placeField("Where", "place", q.place)}
    ${field("Check-in", "check_in", q.check_in ?? checkIn, html`type="date" required min="${checkIn}"`)}
    ${field("Check-out", "check_out", q.check_out ?? checkOut, html`type="date" required`)}
    ${field("Adults", "adults", q.adults ?? "2", html`type="number" min="1" max="16" required`)}
    ${field("Children", "children", q.children ?? "0", html`type="number" min="0" max="16"`)}
    ${field("Rooms", "rooms", q.rooms ?? "1", html`type="number" min="1" max="8"`)}
    ${
      refined
        ? refine(html`${choice("Sort", "sort", q.sort, r.sort)} ${choice("Stars", "stars", q.stars, r.stars)}
            ${choice("Must have", "amenities", q.amenities, r.amenities)}
            ${choice("Type", "property_types", q.property_types, r.property_types)}`)
        : ""
    }
    <button type="submit">Search stays</button>
  </form>`;
}

export function eventsForm(q: Query, today: string, refined = false): Html {
  const r = REFINE.events;
  return html`<form class="search" action="/events" method="get" aria-label="Search events">
    ${placeField("Where", "place", q.place)}
    ${field("From", "from", q.from ?? today, html`type="date" min="${today}"`)}
    ${field("To", "to", q.to, html`type="date"`)}
    ${field("Name, artist or venue", "q", q.q, html`type="search"`)}
    ${
      refined
        ? refine(html`${choice("What", "category", q.category, r.category)} ${choice("Sort", "sort", q.sort, r.sort)}`)
        : ""
    }
    <button type="submit">Search events</button>
  </form>`;
}
