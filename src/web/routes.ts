import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { App, HttpEnv } from "../api/context";
import { apiFetch } from "./api-fetch";
import { registerBookingPages } from "./booking-routes";
import { registerConsoleRoutes } from "./console/routes";
import { isoDay, localeOf } from "./format";
import type { Query } from "./forms";
import { eventPage } from "./pages/event";
import { eventsPage } from "./pages/events";
import { homePage } from "./pages/home";
import { staysPage } from "./pages/stays";
import { tripsPage } from "./pages/trips";
import type { WebPage } from "./search-page";

/**
 * Pages allow only this origin's files; no inline script, so an injected tag cannot run. Inline
 * styles stay out too: every style is in /app/app.css.
 */
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async function render(c: Context<HttpEnv>, page: WebPage | Promise<WebPage>): Promise<Response> {
  const { html, status } = await page;
  // Results carry live prices and availability: never served from a shared or browser cache.
  c.header("cache-control", "no-store");
  c.header("content-security-policy", PAGE_CSP);
  return c.html(await html, status as ContentfulStatusCode);
}

/**
 * The traveller web app: server-rendered pages (the fastest first page at the edge, no client
 * framework) over the same API a partner calls, in-process, as the traveller's own caller.
 */
export function registerWebRoutes(app: App): void {
  const query = (c: Context<HttpEnv>): Query => c.req.query();
  const locale = (c: Context<HttpEnv>) => localeOf(c.req.header("accept-language"));

  app.get("/", (c) => {
    const now = Date.now();
    return render(c, {
      status: 200,
      html: homePage(locale(c), { today: isoDay(now), checkIn: isoDay(now, 7), checkOut: isoDay(now, 9) }),
    });
  });
  app.get("/trips", (c) => render(c, tripsPage(apiFetch(c, app), query(c), locale(c), isoDay(Date.now()))));
  app.get("/stays", (c) => {
    const now = Date.now();
    return render(c, staysPage(apiFetch(c, app), query(c), locale(c), { in: isoDay(now, 7), out: isoDay(now, 9) }));
  });
  app.get("/events", (c) => render(c, eventsPage(apiFetch(c, app), query(c), locale(c), isoDay(Date.now()))));
  app.get("/events/:id", (c) => render(c, eventPage(apiFetch(c, app), c.req.param("id"), locale(c))));
  registerBookingPages(app);
  registerConsoleRoutes(app);
}
