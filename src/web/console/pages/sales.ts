import type { Schemas } from "../../../../packages/client/src/index";
import { isoDay, money } from "../../format";
import { type Html, html } from "../../html";
import { pageProblem } from "../../problems";
import { problemBlock, type WebPage } from "../../search-page";
import type { ConsoleUser } from "../access";
import { type DayBar, dayBarChart } from "../chart";
import { type ConsoleFetch, jsonOf } from "../fetch";
import { type FormValues, field } from "../forms";
import { consolePage } from "../layout";

type SalesRow = Schemas["SalesRow"];

/** The API answers 200 rows a page; a month of a large organiser's units fits in a few. */
const MAX_PAGES = 20;

interface Day {
  bookings: number;
  quantity: number;
  revenueMinor: number;
  refundedMinor: number;
}

/** Every day from `from` to `to`, inclusive, so a day without sales is a bar of zero, not a gap. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`) && days.length < 62;
    t += 86_400_000
  ) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Rows per unit, day and currency, summed per currency and day. */
function perCurrency(rows: SalesRow[], days: string[]): Map<string, Map<string, Day>> {
  const out = new Map<string, Map<string, Day>>();
  for (const r of rows) {
    let byDay = out.get(r.currency);
    if (!byDay) {
      byDay = new Map(days.map((d) => [d, { bookings: 0, quantity: 0, revenueMinor: 0, refundedMinor: 0 }]));
      out.set(r.currency, byDay);
    }
    const day = byDay.get(r.day);
    if (!day) continue;
    day.bookings += r.bookings;
    day.quantity += r.quantity;
    day.revenueMinor += r.revenue_minor;
    day.refundedMinor += r.refunded_minor;
  }
  return out;
}

function currencySection(currency: string, byDay: Map<string, Day>, locale: string): Html {
  const amount = (minor: number) => money(locale, { amount_minor: minor, currency });
  const bars: DayBar[] = [...byDay].map(([day, d]) => ({
    day,
    value: d.revenueMinor,
    label: `${amount(d.revenueMinor)}, ${d.bookings} bookings`,
  }));
  const id = `sales-${currency.toLowerCase()}`;
  const total = [...byDay.values()].reduce((sum, d) => sum + d.revenueMinor, 0);
  return html`<section aria-labelledby="${id}-h" class="sales"><h2 id="${id}-h">Revenue in ${currency}: ${amount(total)}</h2>
    <div class="chart-and-table">
      ${dayBarChart(id, `Revenue per day in ${currency}`, bars)}
      <div class="table-wrap" tabindex="0" role="region" aria-label="Sales per day in ${currency}"><table>
        <caption>Sales per day in ${currency}</caption>
        <thead><tr><th scope="col">Day (UTC)</th><th scope="col">Bookings</th><th scope="col">Quantity</th>
          <th scope="col">Revenue</th><th scope="col">Refunded</th></tr></thead>
        <tbody>${[...byDay].map(
          ([day, d]) => html`<tr><th scope="row">${day}</th><td>${d.bookings}</td><td>${d.quantity}</td>
            <td>${amount(d.revenueMinor)}</td><td>${amount(d.refundedMinor)}</td></tr>`,
        )}</tbody></table></div>
    </div></section>`;
}

/** Sales per day of the organiser's units (GET /v1/organiser/sales), as a chart with its table. */
export async function salesPage(
  fetchApi: ConsoleFetch,
  user: ConsoleUser,
  query: FormValues,
  locale: string,
): Promise<WebPage> {
  const now = Date.now();
  const from = query.from || isoDay(now, -29);
  const to = query.to || isoDay(now);
  const organiser = user.role === "admin" ? (query.organiser_id ?? "") : "";
  const form = html`<form class="search" action="/console/sales" method="get" aria-label="Sales period">
    ${field("From", "from", from, html`type="date" required`)} ${field("To", "to", to, html`type="date" required`)}
    ${user.role === "admin" ? field("Organiser account id (admins)", "organiser_id", organiser, html`maxlength="64"`) : ""}
    <button type="submit">Show</button></form>`;
  const rows: SalesRow[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const params = new URLSearchParams({ from, to, limit: "200", ...(organiser ? { organiser_id: organiser } : {}) });
    if (cursor) params.set("cursor", cursor);
    const res = await fetchApi(`/v1/organiser/sales?${params}`);
    const body = await jsonOf(res);
    if (!res.ok) {
      return {
        html: consolePage(
          user,
          "sales",
          "Sales",
          html`<h1>Sales</h1>${form}${problemBlock(pageProblem(res.status, body))}`,
        ),
        status: res.status,
      };
    }
    const page = body as { data: SalesRow[]; links: { next: string | null } };
    rows.push(...page.data);
    cursor = page.links.next ? new URL(page.links.next).searchParams.get("cursor") : null;
    if (!cursor) break;
  }
  const days = daysBetween(from, to);
  const sections = [...perCurrency(rows, days)].map(([currency, byDay]) => currencySection(currency, byDay, locale));
  return {
    html: consolePage(
      user,
      "sales",
      "Sales",
      html`<h1>Sales</h1>
        <p>Paid bookings on your units by the UTC day they were made; cancelled ones count as refunded.</p>
        ${form}${sections.length > 0 ? sections : html`<p>No sales in this period.</p>`}`,
    ),
    status: 200,
  };
}
