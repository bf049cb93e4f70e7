import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { day, isoDay, money } from "../format";
import type { Query } from "../forms";
import { type Html, html, page } from "../html";
import { type PageProblem, pageProblem } from "../problems";
import { reserveForm } from "../reserve";
import { problemBlock, type WebPage } from "../search-page";

type Property = Schemas["Property"];
type RoomType = Schemas["RoomType"];
type Calendar = Schemas["StayCalendar"];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The stay the page is about: the searched dates and party, or the search form's defaults. */
interface Stay {
  checkIn: string;
  checkOut: string;
  adults: string;
  children: string;
  rooms: number;
}

function stayOf(query: Query, defaults: { in: string; out: string }): Stay {
  const checkIn = ISO_DATE.test(query.check_in ?? "") ? (query.check_in as string) : defaults.in;
  const checkOut = ISO_DATE.test(query.check_out ?? "") ? (query.check_out as string) : defaults.out;
  return {
    checkIn,
    checkOut,
    adults: query.adults || "2",
    children: query.children || "0",
    rooms: Math.max(1, Math.min(8, Number(query.rooms) || 1)),
  };
}

/** The day before check-out: the calendar's last night. */
const lastNight = (checkOut: string) => isoDay(Date.parse(`${checkOut}T00:00:00Z`), -1);

/** The room type's nights, or why the API would not say (bad dates, too long a stay). */
async function nightsOf(
  fetchApi: ApiFetch,
  propertyId: string,
  room: RoomType,
  stay: Stay,
): Promise<{ calendar: Calendar } | { problem: PageProblem }> {
  const params = new URLSearchParams({ room_type_id: room.id, from: stay.checkIn, to: lastNight(stay.checkOut) });
  const res = await fetchApi(`/v1/stays/${encodeURIComponent(propertyId)}/availability?${params}`);
  const body = await res.json().catch(() => undefined);
  return res.ok ? { calendar: body as Calendar } : { problem: pageProblem(res.status, body) };
}

function datesForm(p: Property, stay: Stay): Html {
  return html`<form class="search" action="/stays/${p.id}" method="get" aria-label="Change the dates">
    <label>Check-in <input type="date" name="check_in" value="${stay.checkIn}" required /></label>
    <label>Check-out <input type="date" name="check_out" value="${stay.checkOut}" required /></label>
    <label>Adults <input type="number" name="adults" value="${stay.adults}" min="1" max="16" required /></label>
    <label>Children <input type="number" name="children" value="${stay.children}" min="0" max="16" /></label>
    <button type="submit">Show these dates</button>
  </form>`;
}

/**
 * Whether the party fits in `rooms` rooms of this type, as the room type's published occupancy
 * says and the stays hold checks it (src/products/stays/rules/occupancy.ts, which the pages may
 * not import: they know products only through the API): an adult in every room, no room more
 * adults than it takes, children in child places or adult places left free.
 */
function partyFits(room: RoomType, { rooms, adults, children }: { rooms: number; adults: number; children: number }) {
  return (
    adults >= rooms &&
    adults <= rooms * room.max_adults &&
    adults + children <= rooms * (room.max_adults + room.max_children)
  );
}

/** How many rooms: only the numbers the party fits in; the one searched for when it is one of them. */
function roomsField(choices: number[], wanted: number): Html {
  const chosen = choices.includes(wanted) ? wanted : choices[0];
  return html`<label>Rooms <select name="rooms">${choices.map(
    (n) => html`<option value="${n}" ${n === chosen ? "selected" : ""}>${n}</option>`,
  )}</select></label>`;
}

function roomCard(locale: string, p: Property, room: RoomType, stay: Stay, nights: Calendar | PageProblem): Html {
  if (!("data" in nights)) return html`<li class="card"><h3>${room.name}</h3>${problemBlock(nights)}</li>`;
  const all = nights.data;
  const arrival = all[0];
  const fewest = Math.min(...all.map((n) => n.rooms_left));
  // What a hold would refuse: a night not free, no arrival that weekday, a stay shorter than the arrival night's minimum.
  const free =
    arrival !== undefined &&
    all.every((n) => n.available) &&
    !arrival.closed_to_arrival &&
    arrival.min_stay <= all.length;
  // The numbers of rooms the party fits in (the hold's occupancy rule), as many as are left.
  const party = { adults: Number(stay.adults) || 1, children: Number(stay.children) || 0 };
  const roomChoices = Array.from({ length: Math.min(8, Math.max(0, fewest)) }, (_, i) => i + 1).filter((rooms) =>
    partyFits(room, { rooms, ...party }),
  );
  const bookable = free && roomChoices.length > 0;
  const total = all.reduce((sum, n) => sum + n.price.amount_minor, 0);
  const currency = all[0]?.price.currency ?? p.currency;
  const cancellation =
    room.cancellation.free_until_days_before === null
      ? "Non-refundable"
      : `Free cancellation until ${room.cancellation.free_until_days_before} days before check-in`;
  const label = `${p.name}, ${room.name}, ${all.length} ${all.length === 1 ? "night" : "nights"} from ${stay.checkIn}`;
  return html`<li class="card">
    <h3>${room.name}</h3>
    <p>Up to ${room.max_adults} adults${room.max_children > 0 ? ` and ${room.max_children} children` : ""} · ${cancellation}</p>
    <p class="price">${money(locale, { amount_minor: total, currency })} a room for ${all.length}
      ${all.length === 1 ? "night" : "nights"}</p>
    <table class="nights"><caption class="sr-only">${room.name}: each night</caption>
      <thead><tr><th scope="col">Night</th><th scope="col">Price</th><th scope="col">Rooms left</th></tr></thead>
      <tbody>${all.map(
        (n) => html`<tr><th scope="row">${day(locale, n.date)}</th><td>${money(locale, n.price)}</td>
          <td><span data-pool="${room.id}@${n.date}">${n.closed ? "Closed" : n.rooms_left > 0 ? `${n.rooms_left} left` : "Sold out"}</span></td></tr>`,
      )}</tbody></table>
    ${
      bookable
        ? reserveForm(
            "stay",
            {
              property_id: p.id,
              room_type_id: room.id,
              check_in: stay.checkIn,
              check_out: stay.checkOut,
              adults: stay.adults,
              children: stay.children,
            },
            roomsField(roomChoices, stay.rooms),
            label,
          )
        : html`<p>${
            free
              ? `Too small for ${party.adults} adults${party.children > 0 ? ` and ${party.children} children` : ""} in the rooms left.`
              : arrival && arrival.min_stay > all.length
                ? `A stay from this date is at least ${arrival.min_stay} nights.`
                : arrival?.closed_to_arrival
                  ? "No arrivals on this date."
                  : "Not free for every night of these dates."
          } Try other dates.</p>`
    }
  </li>`;
}

/** One property: where, what it offers, and each room type's nights for the stay with a Reserve form. */
export async function propertyPage(
  fetchApi: ApiFetch,
  propertyId: string,
  query: Query,
  locale: string,
  defaults: { in: string; out: string },
): Promise<WebPage> {
  const res = await fetchApi(`/v1/stays/${encodeURIComponent(propertyId)}`);
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const problem = pageProblem(res.status, body);
    return { html: page("Stay", html`<h1>Stay</h1>${problemBlock(problem)}`, locale), status: res.status };
  }
  const p = body as Property;
  const stay = stayOf(query, defaults);
  const nights = await Promise.all(
    p.room_types.map(async (room) => {
      const found = await nightsOf(fetchApi, p.id, room, stay);
      return "calendar" in found ? found.calendar : found.problem;
    }),
  );
  return {
    html: page(
      p.name,
      html`<h1>${p.name}</h1>
        ${p.status !== "open" ? html`<div class="problem" role="alert"><p>This property is not taking bookings.</p></div>` : ""}
        <p>${"★".repeat(p.stars)}<span class="sr-only">${p.stars} stars</span> ${p.property_type} · ${p.address}</p>
        <p>Check-in from ${p.check_in_from}, check-out until ${p.check_out_until} (local time).
          ${p.amenities.length > 0 ? `Amenities: ${p.amenities.join(", ").replaceAll("_", " ")}.` : ""}</p>
        ${datesForm(p, stay)}
        <section aria-labelledby="rooms" data-live-unit="${p.id}"><h2 id="rooms">Rooms from ${day(locale, stay.checkIn)}
          to ${day(locale, stay.checkOut)}</h2>
          <p class="freshness">Rooms left update by themselves; only a reservation guarantees them.</p>
          <ol class="results">${p.room_types.map((room, i) => roomCard(locale, p, room, stay, nights[i] as Calendar | PageProblem))}</ol></section>
        ${p.policies ? html`<h2>Policies</h2><p>${p.policies}</p>` : ""}`,
      locale,
    ),
    status: 200,
  };
}
