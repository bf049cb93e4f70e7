import type { Schemas } from "../../../../packages/client/src/index";
import { dateTime, money } from "../../format";
import { type Html, html } from "../../html";
import { consoleForm, field, majorUnits, type Refusal, reasonField, refusalBlock, shownValue } from "../forms";

type EventDetails = Schemas["Event"];
type Tier = EventDetails["tiers"][number];

function tierForm(e: EventDetails, tier: Tier, locale: string, refusal: Refusal | undefined): Html {
  const form = `tier-${tier.id}`;
  return html`<li class="card" id="${form}">
    <h3>${tier.name}</h3>
    <p>${money(locale, tier.price)} · capacity ${tier.capacity} · about ${tier.remaining} left · sales ${tier.sales.status.replaceAll("_", " ")}</p>
    ${refusalBlock(refusal, form)}
    ${consoleForm(
      `/console/units/${e.id}/tier`,
      `Change the ${tier.name} tier`,
      html`<input type="hidden" name="form" value="${form}" />
        <input type="hidden" name="tier_id" value="${tier.id}" />
        <input type="hidden" name="currency" value="${tier.price.currency}" />
        ${field(
          `Price (${tier.price.currency})`,
          "price",
          shownValue(refusal, form, "price", majorUnits(tier.price.amount_minor, tier.price.currency)),
          html`inputmode="decimal"`,
        )}
        ${field("Capacity (tickets)", "capacity", shownValue(refusal, form, "capacity", String(tier.capacity)), html`inputmode="numeric"`)}
        ${reasonField(refusal, form)}`,
      "Save tier",
    )}
  </li>`;
}

function cancelForm(e: EventDetails, refusal: Refusal | undefined): Html {
  if (e.status === "cancelled") return html`<p class="problem" role="status">This event is cancelled.</p>`;
  return html`<section aria-labelledby="cancel-h" class="card" id="cancel"><h2 id="cancel-h">Cancel this event</h2>
    <p>Every ticket is voided and refunded, and the waitlist is told; nothing new can be held.</p>
    ${refusalBlock(refusal, "cancel")}
    ${consoleForm(
      `/console/units/${e.id}/cancel`,
      "Cancel this event",
      html`<input type="hidden" name="form" value="cancel" />${reasonField(refusal, "cancel")}
        <label class="check"><input type="checkbox" name="confirm" value="yes" required /> Yes, cancel it and refund every ticket</label>`,
      "Cancel event",
      true,
    )}</section>`;
}

/** An event: when and where, each tier's price and capacity to change, and cancelling it. */
export function eventUnit(
  e: EventDetails,
  locale: string,
  refusal: Refusal | undefined,
): { title: string; body: Html } {
  return {
    title: e.name,
    body: html`<p class="when">${dateTime(locale, e.starts_at, e.timezone)} (local time) · ${e.venue.name},
        ${e.venue.city_name} · status <strong>${e.status}</strong></p>
      <section aria-labelledby="tiers-h"><h2 id="tiers-h">Ticket tiers</h2>
        <p>Prices apply to new holds at once; the event's page shows them on its next load.</p>
        <ol class="results">${e.tiers.map((t) => tierForm(e, t, locale, refusal))}</ol></section>
      ${cancelForm(e, refusal)}`,
  };
}
