import type { CartItem } from "../cart";
import { CART_LIMIT } from "../cart";
import { type Html, html, page } from "../html";
import type { PageProblem } from "../problems";
import { problemBlock, type WebPage } from "../search-page";

const PRODUCT: Record<CartItem["kind"], string> = {
  departure: "Trip",
  itinerary: "Trip with a change",
  stay: "Stay",
  event: "Event",
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How much of it: read from the fields the Reserve form posted, not from the label. */
function quantityOf(item: CartItem): string {
  const n = (name: string) => Number(item.fields[name]) || 1;
  if (item.kind === "stay") return plural(n("rooms"), "room", "rooms");
  if (item.kind === "event") return plural(n("quantity"), "ticket", "tickets");
  return plural(n("passengers"), "traveller", "travellers");
}

/** The cart: each item with a Remove button, and one button that reserves them all at once. */
export function cartPage(
  items: CartItem[],
  locale: string,
  problem?: PageProblem & { item?: number },
  status = problem?.status ?? 200,
): WebPage {
  const list: Html =
    items.length === 0
      ? html`<p>Your trip is empty. Search for <a href="/#trips">trips</a>, <a href="/#stays">stays</a> or
          <a href="/#events">events</a> and choose <strong>Add to trip</strong>.</p>`
      : html`<ol class="results cart">${items.map(
          (item, i) => html`<li class="card${problem?.item === i ? " refused" : ""}">
            <p><strong>${PRODUCT[item.kind]}</strong> · ${item.label} · ${quantityOf(item)}</p>
            <form action="/cart/remove" method="post">
              <input type="hidden" name="index" value="${i}" />
              <button type="submit" class="secondary" aria-label="Remove ${item.label}">Remove</button>
            </form></li>`,
        )}</ol>
        <form action="/cart/reserve" method="post" class="reserve-all">
          <input type="hidden" name="idempotency_key" value="${crypto.randomUUID()}" />
          <button type="submit">Reserve ${items.length === 1 ? "it" : `all ${items.length}`}</button>
        </form>
        <p>Everything is reserved together or nothing is, then paid once under one booking reference.
          A trip takes at most ${CART_LIMIT} parts.</p>`;
  return {
    html: page("Your trip", html`<h1>Your trip</h1>${problem ? problemBlock(problem) : ""}${list}`, locale),
    status,
  };
}
