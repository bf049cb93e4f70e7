import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { dateTime, money } from "../format";
import { type Html, html, page } from "../html";
import { pageProblem } from "../problems";
import { quantityField, reserveForm } from "../reserve";
import { problemBlock, type WebPage } from "../search-page";

type EventDetails = Schemas["Event"];
type Tier = Schemas["TicketTier"];

function tierRow(locale: string, event: EventDetails, tier: Tier): Html {
  const onSale = tier.sales.status === "open" && !tier.sold_out && event.status !== "cancelled";
  const quantity = quantityField("Tickets", "quantity", Math.min(tier.max_per_order, tier.remaining));
  const why =
    tier.sold_out || tier.remaining === 0
      ? "Sold out"
      : tier.sales.status === "not_open"
        ? `On sale from ${dateTime(locale, tier.sales.opens_at, event.timezone)}`
        : "No longer on sale";
  return html`<li class="card">
    <h3>${tier.name}</h3>
    <p class="price">${money(locale, tier.price)} <span class="left" data-pool="${tier.id}">${tier.remaining} left</span></p>
    <p>${tier.refund_policy.summary}</p>
    ${onSale ? reserveForm("event", { event_id: event.id, tier_id: tier.id }, quantity, `${event.name}, ${tier.name}`) : html`<p>${why}</p>`}
  </li>`;
}

/** One event: when and where in the venue's time, who performs, and each tier with its Reserve form. */
export async function eventPage(fetchApi: ApiFetch, eventId: string, locale: string): Promise<WebPage> {
  const res = await fetchApi(`/v1/events/${encodeURIComponent(eventId)}`);
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const problem = pageProblem(res.status, body);
    return { html: page("Event", html`<h1>Event</h1>${problemBlock(problem)}`, locale), status: res.status };
  }
  const event = body as EventDetails;
  return {
    html: page(
      event.name,
      html`<h1>${event.name}</h1>
        ${event.status === "cancelled" ? html`<div class="problem" role="alert"><p>This event is cancelled.</p></div>` : ""}
        <p>${event.category}${event.performers.length > 0 ? ` · ${event.performers.join(", ")}` : ""}</p>
        <p class="when">${dateTime(locale, event.starts_at, event.timezone)} (local time) · ${event.venue.name},
          ${event.venue.address}, ${event.venue.city_name}</p>
        <p>${event.description}</p>
        <section aria-labelledby="tickets" data-live-unit="${event.id}"><h2 id="tickets">Tickets</h2>
          <ol class="results">${event.tiers.map((tier) => tierRow(locale, event, tier))}</ol></section>`,
      locale,
    ),
    status: 200,
  };
}
