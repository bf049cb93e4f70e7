import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { dateTime, duration, money } from "../format";
import type { Query } from "../forms";
import { type Html, html, page } from "../html";
import { pageProblem } from "../problems";
import { quantityField, reserveForm } from "../reserve";
import { problemBlock, type WebPage } from "../search-page";

type Departure = Schemas["Departure"];
type Fare = Departure["fares"][number];

const cabinName = (cabin: string) => cabin.charAt(0).toUpperCase() + cabin.slice(1).replaceAll("_", " ");

/** What a cart lists for this fare: route, service and cabin (the price is the hold's, not this). */
export const departureLabel = (d: Departure, cabin: string) =>
  `${d.origin.name} → ${d.destination.name}, ${d.operator} ${d.number}, ${cabinName(cabin)}`;

function fareRow(locale: string, d: Departure, fare: Fare, travellers: number): Html {
  const open = d.status !== "cancelled" && fare.seats_available > 0;
  const left = fare.seats_available > 0 ? `${fare.seats_available} left` : "Sold out";
  return html`<li class="card">
    <h3>${cabinName(fare.cabin)}</h3>
    <p class="price">${money(locale, fare.price)} a seat <span class="left" data-pool="${fare.cabin}">${left}</span></p>
    ${
      open
        ? reserveForm(
            "departure",
            { departure_id: d.id, cabin: fare.cabin },
            quantityField("Travellers", "passengers", Math.min(9, fare.seats_available), travellers),
            departureLabel(d, fare.cabin),
          )
        : html`<p>${d.status === "cancelled" ? "Not on sale." : "No seats left in this cabin."}</p>`
    }
  </li>`;
}

/** One departure: when it leaves and arrives in each place's time, and each cabin with what is left. */
export async function departurePage(
  fetchApi: ApiFetch,
  departureId: string,
  query: Query,
  locale: string,
): Promise<WebPage> {
  const res = await fetchApi(`/v1/departures/${encodeURIComponent(departureId)}`);
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const problem = pageProblem(res.status, body);
    return { html: page("Departure", html`<h1>Departure</h1>${problemBlock(problem)}`, locale), status: res.status };
  }
  const d = body as Departure;
  const travellers = Math.max(1, Math.min(9, Number(query.passengers) || 1));
  const title = `${d.origin.name} → ${d.destination.name}`;
  return {
    html: page(
      title,
      html`<h1>${title}</h1>
        ${d.status === "cancelled" ? html`<div class="problem" role="alert"><p>This departure is cancelled.</p></div>` : ""}
        ${d.status === "delayed" ? html`<p class="notice">This departure is delayed.</p>` : ""}
        <p>${d.operator} ${d.number} · ${d.mode} · ${duration(d.duration_minutes)}</p>
        <p class="when">Leaves ${dateTime(locale, d.departs_at, d.origin.timezone)} from ${d.origin.name},
          arrives ${dateTime(locale, d.arrives_at, d.destination.timezone)} in ${d.destination.name} (local times)</p>
        <section aria-labelledby="fares" data-live-unit="${d.id}"><h2 id="fares">Cabins</h2>
          <p class="freshness">Seats left update by themselves; only a reservation guarantees them.</p>
          <ol class="results">${d.fares.map((fare) => fareRow(locale, d, fare, travellers))}</ol></section>`,
      locale,
    ),
    status: 200,
  };
}
