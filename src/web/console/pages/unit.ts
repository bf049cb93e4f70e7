import type { Schemas } from "../../../../packages/client/src/index";
import { isoDay } from "../../format";
import { type Html, html } from "../../html";
import { pageProblem } from "../../problems";
import { problemBlock, type WebPage } from "../../search-page";
import type { ConsoleUser } from "../access";
import { type ConsoleFetch, jsonOf } from "../fetch";
import type { Refusal } from "../forms";
import { consolePage, PRODUCTS, productOfUnit } from "../layout";
import { bookingsTable } from "./bookings";
import { departureUnit } from "./departure";
import { eventUnit } from "./event";
import { propertyUnit } from "./property";

type UnitBookings = { data: Schemas["UnitBooking"][]; links: { next: string | null } };

const DETAILS = {
  departures: (id: string) => `/v1/departures/${encodeURIComponent(id)}`,
  stays: (id: string) => `/v1/stays/${encodeURIComponent(id)}`,
  events: (id: string) => `/v1/events/${encodeURIComponent(id)}`,
} as const;

/** What a successful change says when the page comes back (`?done=`). */
const DONE: Record<string, string> = {
  fare: "Fare saved.",
  tier: "Tier saved.",
  rates: "Prices saved for those nights.",
  rooms: "Room count saved.",
  closure: "Dates closed.",
  cancel: "Cancelled: its bookings are being refunded.",
};

/**
 * One unit of the organiser's: its details and the forms that change it, each posting to the
 * console, which calls the operator routes as this person (the API decides whether they may).
 * A refused form comes back with the API's problem beside it and what was typed still in it.
 */
export async function unitPage(
  fetchApi: ConsoleFetch,
  user: ConsoleUser,
  unitId: string,
  locale: string,
  options: { refusal?: Refusal | undefined; done?: string | undefined } = {},
): Promise<WebPage> {
  const product = productOfUnit(unitId);
  const section = product ?? "home";
  const label = PRODUCTS.find((p) => p.id === product)?.label ?? "Inventory";
  const fail = (status: number, body: unknown): WebPage => ({
    html: consolePage(user, section, label, html`<h1>${label}</h1>${problemBlock(pageProblem(status, body))}`),
    status,
  });
  if (!product) return fail(404, { code: "UNIT_NOT_FOUND" });
  // The bookings first: the operator route's access rule says whether this person runs the unit.
  const bookingsRes = await fetchApi(`/v1/organiser/units/${encodeURIComponent(unitId)}/bookings?limit=10`);
  const bookings = await jsonOf(bookingsRes);
  if (!bookingsRes.ok) return fail(bookingsRes.status, bookings);
  const res = await fetchApi(DETAILS[product](unitId));
  const details = await jsonOf(res);
  if (!res.ok) return fail(res.status, details);
  const { refusal } = options;
  const view =
    product === "departures"
      ? departureUnit(details as Schemas["Departure"], locale, refusal)
      : product === "events"
        ? eventUnit(details as Schemas["Event"], locale, refusal)
        : propertyUnit(details as Schemas["Property"], locale, refusal, isoDay(Date.now()));
  const done = options.done && Object.hasOwn(DONE, options.done) ? DONE[options.done] : undefined;
  const page = bookings as UnitBookings;
  const body: Html = html`<p class="crumbs"><a href="/console/units?product=${product}">${label}</a> › ${unitId}</p>
    <h1>${view.title}</h1>
    ${done && !refusal ? html`<p class="done" role="status">${done}</p>` : ""}
    ${view.body}
    <section aria-labelledby="bookings-h"><h2 id="bookings-h">Latest bookings</h2>
      ${bookingsTable(unitId, page.data, locale)}
      ${page.data.length > 0 ? html`<p class="pager"><a href="/console/units/${unitId}/bookings">All bookings</a></p>` : ""}
    </section>`;
  return { html: consolePage(user, section, view.title, body), status: refusal?.problem.status ?? 200 };
}
