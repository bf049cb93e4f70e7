import type { Schemas } from "../../../../packages/client/src/index";
import { money } from "../../format";
import { type Html, html } from "../../html";
import { consoleForm, field, type Refusal, reasonField, refusalBlock, shownValue } from "../forms";

type Property = Schemas["Property"];
type RoomType = Property["room_types"][number];

const dateAttrs = html`type="date" required`;

function roomTypeForms(p: Property, rt: RoomType, locale: string, refusal: Refusal | undefined, today: string): Html {
  const rates = `rates-${rt.id}`;
  const count = `rooms-${rt.id}`;
  const hidden = html`<input type="hidden" name="room_type_id" value="${rt.id}" />
    <input type="hidden" name="currency" value="${rt.base_rate.currency}" />`;
  return html`<li class="card" id="${rt.id}">
    <h3>${rt.name}</h3>
    <p>${rt.room_count} rooms · base rate ${money(locale, rt.base_rate)} a night · minimum stay ${rt.min_stay}</p>
    ${refusalBlock(refusal, rates)}
    ${consoleForm(
      `/console/units/${p.id}/rates`,
      `Set the price of ${rt.name} for some nights`,
      html`<input type="hidden" name="form" value="${rates}" />${hidden}
        ${field("First night", "from", shownValue(refusal, rates, "from", today), dateAttrs)}
        ${field("Last night", "to", shownValue(refusal, rates, "to", today), dateAttrs)}
        ${field(`Price a night (${rt.base_rate.currency})`, "price", shownValue(refusal, rates, "price", ""), html`inputmode="decimal" required`)}
        ${reasonField(refusal, rates)}`,
      "Set price",
    )}
    ${refusalBlock(refusal, count)}
    ${consoleForm(
      `/console/units/${p.id}/rooms`,
      `Change how many ${rt.name} rooms are sold`,
      html`<input type="hidden" name="form" value="${count}" />${hidden}
        ${field("Rooms sold each night", "room_count", shownValue(refusal, count, "room_count", String(rt.room_count)), html`inputmode="numeric" required`)}
        ${field("From the night of", "from", shownValue(refusal, count, "from", today), dateAttrs)}
        ${reasonField(refusal, count)}`,
      "Save rooms",
    )}
  </li>`;
}

function closureForm(p: Property, refusal: Refusal | undefined, today: string): Html {
  const chosen = shownValue(refusal, "closure", "room_type_id", "");
  const kind = shownValue(refusal, "closure", "kind", "closed");
  return html`<section aria-labelledby="closure-h" class="card" id="closure"><h2 id="closure-h">Close dates</h2>
    ${refusalBlock(refusal, "closure")}
    ${consoleForm(
      `/console/units/${p.id}/closure`,
      "Close dates",
      html`<input type="hidden" name="form" value="closure" />
        ${field("First night", "from", shownValue(refusal, "closure", "from", today), dateAttrs)}
        ${field("Last night", "to", shownValue(refusal, "closure", "to", today), dateAttrs)}
        <label>Rooms <select name="room_type_id">
          <option value="">The whole property</option>
          ${p.room_types.map((rt) => html`<option value="${rt.id}"${chosen === rt.id ? html` selected` : ""}>${rt.name}</option>`)}
        </select></label>
        <label>What closes <select name="kind">
          <option value="closed"${kind === "closed" ? html` selected` : ""}>No stay includes these nights</option>
          <option value="no_arrival"${kind === "no_arrival" ? html` selected` : ""}>No arrival on these nights</option>
        </select></label>
        ${reasonField(refusal, "closure")}`,
      "Close dates",
    )}</section>`;
}

function closeForm(p: Property, refusal: Refusal | undefined): Html {
  if (p.status !== "open") return html`<p class="problem" role="status">This property is ${p.status}.</p>`;
  return html`<section aria-labelledby="cancel-h" class="card" id="cancel"><h2 id="cancel-h">Close this property</h2>
    <p>It stops taking bookings, and every booking is cancelled and refunded.</p>
    ${refusalBlock(refusal, "cancel")}
    ${consoleForm(
      `/console/units/${p.id}/cancel`,
      "Close this property",
      html`<input type="hidden" name="form" value="cancel" />${reasonField(refusal, "cancel")}
        <label class="check"><input type="checkbox" name="confirm" value="yes" required /> Yes, close it and refund its guests</label>`,
      "Close property",
      true,
    )}</section>`;
}

/** A property: per room type its nightly price and room count, dates to close, and closing it. */
export function propertyUnit(
  p: Property,
  locale: string,
  refusal: Refusal | undefined,
  today: string,
): { title: string; body: Html } {
  return {
    title: p.name,
    body: html`<p class="when">${p.address} · ${p.city_code} · dates in ${p.timezone} · status <strong>${p.status}</strong></p>
      <section aria-labelledby="rooms-h"><h2 id="rooms-h">Room types</h2>
        <ol class="results">${p.room_types.map((rt) => roomTypeForms(p, rt, locale, refusal, today))}</ol></section>
      ${closureForm(p, refusal, today)}
      ${closeForm(p, refusal)}`,
  };
}
