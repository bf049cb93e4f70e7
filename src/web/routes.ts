import type { Context } from "hono";
import type { App, HttpEnv } from "../api/context";
import { registerAccountPages } from "./account-routes";
import { apiFetch } from "./api-fetch";
import { registerBookingPages } from "./booking-routes";
import { registerCartPages } from "./cart-routes";
import { registerConsoleRoutes } from "./console/routes";
import { isoDay, localeOf } from "./format";
import type { Query } from "./forms";
import { departurePage } from "./pages/departure";
import { eventPage } from "./pages/event";
import { eventsPage } from "./pages/events";
import { homePage } from "./pages/home";
import { propertyPage } from "./pages/property";
import { staysPage } from "./pages/stays";
import { tripsPage } from "./pages/trips";
import { send } from "./respond";
import type { WebPage } from "./search-page";

async function render(c: Context<HttpEnv>, page: WebPage | Promise<WebPage>): Promise<Response> {
  return send(c, await page);
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
  app.get("/departures/:id", (c) => render(c, departurePage(apiFetch(c, app), c.req.param("id"), query(c), locale(c))));
  app.get("/stays/:id", (c) => {
    const now = Date.now();
    const defaults = { in: isoDay(now, 7), out: isoDay(now, 9) };
    return render(c, propertyPage(apiFetch(c, app), c.req.param("id"), query(c), locale(c), defaults));
  });
  registerBookingPages(app);
  registerCartPages(app);
  registerAccountPages(app);
  registerConsoleRoutes(app);
}
