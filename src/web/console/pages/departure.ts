import type { Schemas } from "../../../../packages/client/src/index";
import { dateTime, money } from "../../format";
import { type Html, html } from "../../html";
import { consoleForm, field, majorUnits, type Refusal, reasonField, refusalBlock, shownValue } from "../forms";

type Departure = Schemas["Departure"];
type Fare = Departure["fares"][number];

function fareForm(d: Departure, fare: Fare, locale: string, refusal: Refusal | undefined): Html {
  const form = `fare-${fare.cabin}`;
  return html`<li class="card" id="${form}">
    <h3>${fare.cabin[0]?.toUpperCase()}${fare.cabin.slice(1)}</h3>
    <p>${money(locale, fare.price)} · capacity ${fare.capacity} · about ${fare.seats_available} seats free</p>
    ${refusalBlock(refusal, form)}
    ${consoleForm(
      `/console/units/${d.id}/fare`,
      `Change the ${fare.cabin} fare`,
      html`<input type="hidden" name="form" value="${form}" />
        <input type="hidden" name="cabin" value="${fare.cabin}" />
        <input type="hidden" name="currency" value="${fare.price.currency}" />
        ${field(
          `Price (${fare.price.currency})`,
          "price",
          shownValue(refusal, form, "price", majorUnits(fare.price.amount_minor, fare.price.currency)),
          html`inputmode="decimal"`,
        )}
        ${field("Capacity (seats)", "capacity", shownValue(refusal, form, "capacity", String(fare.capacity)), html`inputmode="numeric"`)}
        ${reasonField(refusal, form)}`,
      "Save fare",
    )}
  </li>`;
}

function cancelForm(d: Departure, refusal: Refusal | undefined): Html {
  if (d.status === "cancelled") return html`<p class="problem" role="status">This departure is cancelled.</p>`;
  return html`<section aria-labelledby="cancel-h" class="card" id="cancel"><h2 id="cancel-h">Cancel this departure</h2>
    <p>Every confirmed booking is cancelled and refunded in full; nothing new can be held.</p>
    ${refusalBlock(refusal, "cancel")}
    ${consoleForm(
      `/console/units/${d.id}/cancel`,
      "Cancel this departure",
      html`<input type="hidden" name="form" value="cancel" />${reasonField(refusal, "cancel")}
        <label class="check"><input type="checkbox" name="confirm" value="yes" required /> Yes, cancel it and refund its travellers</label>`,
      "Cancel departure",
      true,
    )}</section>`;
}

/** A departure: its times, each fare's price and capacity to change, and cancelling it. */
export function departureUnit(
  d: Departure,
  locale: string,
  refusal: Refusal | undefined,
): { title: string; body: Html } {
  const title = `${d.operator} ${d.number} · ${d.origin.code} → ${d.destination.code}`;
  return {
    title,
    body: html`<p class="when">${dateTime(locale, d.departs_at, d.origin.timezone)} (${d.origin.name}, local time) →
        ${dateTime(locale, d.arrives_at, d.destination.timezone)} (${d.destination.name}) · ${d.mode} · status
        <strong>${d.status}</strong></p>
      <section aria-labelledby="fares-h"><h2 id="fares-h">Fares</h2>
        <p>Prices apply to new holds at once; travellers' searches show them within their stated freshness.</p>
        <ol class="results">${d.fares.map((f) => fareForm(d, f, locale, refusal))}</ol></section>
      ${cancelForm(d, refusal)}`,
  };
}
