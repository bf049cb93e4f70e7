import type { Schemas } from "../../../../packages/client/src/index";
import { dateTime, money } from "../../format";
import { type Html, html } from "../../html";
import { pageProblem } from "../../problems";
import { problemBlock, type WebPage } from "../../search-page";
import type { ConsoleUser } from "../access";
import { type ConsoleFetch, jsonOf } from "../fetch";
import { consolePage, PRODUCTS, productOfUnit } from "../layout";

type UnitBooking = Schemas["UnitBooking"];
type Booking = Schemas["Booking"];

const when = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;
const words = (s: string) => s.replaceAll("_", " ");

/** A unit's bookings as a table: one row each, the reference leading to its timeline. */
export function bookingsTable(unitId: string, rows: UnitBooking[], locale: string): Html {
  if (rows.length === 0) return html`<p>No bookings yet.</p>`;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="Bookings"><table>
    <thead><tr><th scope="col">Reference</th><th scope="col">Made</th><th scope="col">Status</th>
      <th scope="col">Payment</th><th scope="col">Quantity</th><th scope="col">On this unit</th></tr></thead>
    <tbody>${rows.map(
      (b) => html`<tr>
        <th scope="row"><a href="/console/units/${unitId}/bookings/${b.reference}">${b.reference}</a></th>
        <td><time datetime="${b.created_at}">${when(b.created_at)}</time></td>
        <td>${words(b.status)}${b.item.status === "cancelled" ? " (item cancelled)" : ""}</td>
        <td>${words(b.payment_state)}</td>
        <td>${b.item.quantity}</td>
        <td>${money(locale, b.item.total_price)}</td>
      </tr>`,
    )}</tbody></table></div>`;
}

function labelOf(unitId: string) {
  const product = productOfUnit(unitId);
  return { section: product ?? ("home" as const), label: PRODUCTS.find((p) => p.id === product)?.label ?? "Inventory" };
}

/** Every booking of the unit, a page at a time (the API's cursor in the URL). */
export async function bookingsPage(
  fetchApi: ConsoleFetch,
  user: ConsoleUser,
  unitId: string,
  cursor: string | undefined,
  locale: string,
): Promise<WebPage> {
  const { section, label } = labelOf(unitId);
  const query = new URLSearchParams({ limit: "25", ...(cursor ? { cursor } : {}) });
  const res = await fetchApi(`/v1/organiser/units/${encodeURIComponent(unitId)}/bookings?${query}`);
  const body = await jsonOf(res);
  const crumbs = html`<p class="crumbs"><a href="/console/units?product=${section}">${label}</a> ›
    <a href="/console/units/${unitId}">${unitId}</a> › Bookings</p>`;
  if (!res.ok) {
    return {
      html: consolePage(
        user,
        section,
        "Bookings",
        html`${crumbs}<h1>Bookings</h1>${problemBlock(pageProblem(res.status, body))}`,
      ),
      status: res.status,
    };
  }
  const page = body as { data: UnitBooking[]; meta: { next_cursor: string | null } };
  const next = page.meta.next_cursor
    ? html`<p class="pager"><a rel="next" href="/console/units/${unitId}/bookings?cursor=${encodeURIComponent(page.meta.next_cursor)}">Older bookings</a></p>`
    : "";
  return {
    html: consolePage(
      user,
      section,
      "Bookings",
      html`${crumbs}<h1>Bookings</h1>${bookingsTable(unitId, page.data, locale)}${next}`,
    ),
    status: 200,
  };
}

function timeline(b: Booking): Html {
  return html`<section aria-labelledby="timeline-h"><h2 id="timeline-h">Timeline</h2>
    <ol class="timeline">${b.timeline.map(
      (e) => html`<li><time datetime="${e.at}">${when(e.at)}</time> ${words(e.kind)}</li>`,
    )}</ol></section>`;
}

function items(b: Booking, locale: string): Html {
  return html`<section aria-labelledby="items-h"><h2 id="items-h">Items</h2><ul class="results">${b.items.map(
    (i) => html`<li class="card"><h3>${i.title}</h3>
      <p>${i.start_label} ${dateTime(locale, i.starts_at, i.timezone)} (local time) · quantity ${i.quantity} · ${money(locale, i.total_price)} · ${i.status}${
        i.refund ? ` · refunded ${money(locale, i.refund)}` : ""
      }</p></li>`,
  )}</ul></section>`;
}

/** One booking of the unit: status and money, travellers, items and the timeline of what happened. */
export async function bookingPage(
  fetchApi: ConsoleFetch,
  user: ConsoleUser,
  unitId: string,
  reference: string,
  locale: string,
): Promise<WebPage> {
  const { section, label } = labelOf(unitId);
  const res = await fetchApi(
    `/v1/organiser/units/${encodeURIComponent(unitId)}/bookings/${encodeURIComponent(reference)}`,
  );
  const body = await jsonOf(res);
  const crumbs = html`<p class="crumbs"><a href="/console/units?product=${section}">${label}</a> ›
    <a href="/console/units/${unitId}">${unitId}</a> › <a href="/console/units/${unitId}/bookings">Bookings</a></p>`;
  if (!res.ok) {
    return {
      html: consolePage(
        user,
        section,
        "Booking",
        html`${crumbs}<h1>Booking</h1>${problemBlock(pageProblem(res.status, body))}`,
      ),
      status: res.status,
    };
  }
  const b = body as Booking;
  return {
    html: consolePage(
      user,
      section,
      `Booking ${b.reference}`,
      html`${crumbs}<h1>Booking ${b.reference}</h1>
        <p class="status" data-status="${b.status}">${words(b.status)} · payment ${words(b.payment.state)} · total
          ${money(locale, b.total_price)}${b.payment.refunded ? ` · refunded ${money(locale, b.payment.refunded)}` : ""}</p>
        <p>Travellers: ${b.passengers.map((p) => `${p.given_name} ${p.family_name}`).join(", ")}</p>
        ${items(b, locale)}${timeline(b)}`,
    ),
    status: 200,
  };
}
