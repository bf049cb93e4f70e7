import { type Html, html } from "./html";

export type ReserveKind = "departure" | "stay" | "event" | "itinerary";

/**
 * The "Reserve" form of one result: the fields of its product's hold request, posted to
 * /book/hold (src/web/booking-routes.ts), with an idempotency key so a double click holds once.
 * Its second button adds the same request to the cart (src/web/cart.ts) instead, with `label` as
 * what the cart lists.
 */
export function reserveForm(kind: ReserveKind, fields: Record<string, string>, extra: Html = html``, label = "") {
  return html`<form action="/book/hold" method="post" class="reserve">
    <input type="hidden" name="kind" value="${kind}" />
    ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    <input type="hidden" name="idempotency_key" value="${crypto.randomUUID()}" />
    ${label ? html`<input type="hidden" name="label" value="${label}" />` : ""}
    ${extra}
    <button type="submit">Reserve</button>
    ${label ? html`<button type="submit" formaction="/cart/add" class="secondary">Add to trip</button>` : ""}
  </form>`;
}

/** A quantity picker of 1…most (at least 1, at most 10 options), `selected` or the nearest it can offer. */
export function quantityField(label: string, name: string, most: number, selected = 1): Html {
  const count = Math.max(1, Math.min(most, 10));
  const chosen = Math.max(1, Math.min(selected, count));
  return html`<label>${label} <select name="${name}">${Array.from(
    { length: count },
    (_, i) => html`<option value="${i + 1}" ${i + 1 === chosen ? "selected" : ""}>${i + 1}</option>`,
  )}</select></label>`;
}
