import { type Html, html } from "./html";

/**
 * The "Reserve" form of one result: the fields of its product's hold request, posted to
 * /book/hold (src/web/booking-routes.ts), with an idempotency key so a double click holds once.
 */
export function reserveForm(
  kind: "departure" | "stay" | "event" | "itinerary",
  fields: Record<string, string>,
  extra: Html = html``,
) {
  return html`<form action="/book/hold" method="post" class="reserve">
    <input type="hidden" name="kind" value="${kind}" />
    ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    <input type="hidden" name="idempotency_key" value="${crypto.randomUUID()}" />
    ${extra}
    <button type="submit">Reserve</button>
  </form>`;
}
