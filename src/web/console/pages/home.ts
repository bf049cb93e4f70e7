import { html } from "../../html";
import type { WebPage } from "../../search-page";
import type { ConsoleUser } from "../access";
import { consolePage, PRODUCTS } from "../layout";

/** Where everything is, and who this console lets the person change. */
export function homePage(user: ConsoleUser): WebPage {
  const admin = user.role === "admin";
  return {
    html: consolePage(
      user,
      "home",
      "Overview",
      html`<h1>Organiser console</h1>
        <p>${admin ? "You are an admin: you see and change every unit." : "You see and change the units assigned to you."}</p>
        <ul class="results">
          ${PRODUCTS.map(
            (p) => html`<li class="card"><h2><a href="/console/units?product=${p.id}">${p.label}</a></h2>
              <p>Prices and capacity, closing dates, cancelling; the bookings with their timelines.</p></li>`,
          )}
          <li class="card"><h2><a href="/console/sales">Sales</a></h2><p>Bookings and revenue per day, as a chart and a table.</p></li>
          ${
            admin
              ? html`<li class="card"><h2><a href="/console/dead-letters">Dead letters</a></h2><p>Queue jobs that ran out of retries, to replay.</p></li>
                <li class="card"><h2><a href="/console/health">Health</a></h2><p>Bindings, cache tiers and queues, from the API's own metrics.</p></li>`
              : ""
          }
        </ul>`,
    ),
    status: 200,
  };
}
