import type { Context } from "hono";
import { deleteCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { SESSION_COOKIE } from "../../accounts/policy";
import type { App, HttpEnv } from "../../api/context";
import { localeOf } from "../format";
import { html } from "../html";
import { pageProblem } from "../problems";
import { fromOurPages } from "../same-origin";
import { problemBlock, type WebPage } from "../search-page";
import { type ConsoleUser, consoleAccess, signInUrl } from "./access";
import { runAction } from "./actions";
import { type ConsoleFetch, consoleFetch } from "./fetch";
import { postedForm } from "./forms";
import { consolePage, PRODUCTS, productOfUnit } from "./layout";
import { deadLettersPage, healthPage } from "./pages/admin";
import { bookingPage, bookingsPage } from "./pages/bookings";
import { homePage } from "./pages/home";
import { salesPage } from "./pages/sales";
import { unitPage } from "./pages/unit";
import { unitsPage } from "./pages/units";

/** No script at all, styles from our own files, no framing: the console changes real inventory. */
const CONSOLE_CSP =
  "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async function send(c: Context<HttpEnv>, { html: body, status }: WebPage): Promise<Response> {
  // What an organiser's session may see: never kept by a shared cache or the browser's.
  c.header("cache-control", "private, no-store");
  c.header("content-security-policy", CONSOLE_CSP);
  c.header("x-robots-tag", "noindex");
  return c.html(await body, status as ContentfulStatusCode);
}

function refused(c: Context<HttpEnv>, user: ConsoleUser | null, title: string, message: string, status: number) {
  return send(c, {
    html: consolePage(
      user,
      "home",
      title,
      html`<h1>${title}</h1><div class="problem" role="alert"><p>${message}</p></div>`,
    ),
    status,
  });
}

/** A path parameter (the guard's handlers see the app's untyped context). */
const param = (c: Context<HttpEnv>, name: string): string => c.req.param(name) ?? "";

type Handler = (c: Context<HttpEnv>, user: ConsoleUser, fetchApi: ConsoleFetch) => Promise<Response>;

/**
 * The organiser console under /console: server-rendered pages over the same API, called
 * in-process as the signed-in person (src/web/console/fetch.ts). Organisers and admins only;
 * anyone else signs in first (W's /sign-in page brings them back) or reads a 403 page.
 */
export function registerConsoleRoutes(app: App): void {
  const locale = (c: Context<HttpEnv>) => localeOf(c.req.header("accept-language"));
  const guard =
    (handler: Handler, options: { admin?: boolean; back?: (c: Context<HttpEnv>) => string } = {}) =>
    async (c: Context<HttpEnv>) => {
      const access = await consoleAccess(c);
      if (!access.ok && access.reason === "sign-in") return c.redirect(signInUrl(c, options.back?.(c)), 303);
      if (!access.ok) {
        const message =
          access.reason === "traveller"
            ? "The console is for organisers and admins. You are signed in as a traveller: ask an admin for the organiser role, or go back to the traveller site."
            : "The console is for organisers and admins signed in on this browser; API keys and tokens use the API.";
        return refused(c, null, "Not for this account", message, 403);
      }
      if (options.admin && access.user.role !== "admin") {
        return refused(c, access.user, "Admins only", "This page is for admins.", 403);
      }
      if (c.req.method === "POST" && !fromOurPages(c)) {
        return refused(c, access.user, "Not allowed", "This form must be sent from an edgefare console page.", 403);
      }
      return handler(c, access.user, consoleFetch(c, app));
    };
  const unitBack = (c: Context<HttpEnv>) => `/console/units/${encodeURIComponent(c.req.param("id") ?? "")}`;

  app.get(
    "/console",
    guard(async (c, user) => send(c, homePage(user))),
  );
  app.get(
    "/console/units",
    guard(async (c, user, fetchApi) => {
      const product = PRODUCTS.find((p) => p.id === c.req.query("product"))?.id;
      if (!product) return c.redirect("/console/units?product=departures", 303);
      return send(c, await unitsPage(fetchApi, user, product, c.req.query("cursor")));
    }),
  );
  app.get(
    "/console/units/:id",
    guard(async (c, user, fetchApi) =>
      send(c, await unitPage(fetchApi, user, param(c, "id"), locale(c), { done: c.req.query("done") })),
    ),
  );
  app.post(
    "/console/units/:id/:action",
    guard(
      async (c, user, fetchApi) => {
        const unitId = param(c, "id");
        const product = productOfUnit(unitId);
        const form = await postedForm(c);
        const outcome = product ? await runAction(fetchApi, product, unitId, param(c, "action"), form) : { ok: null };
        if (outcome.ok === true) {
          return c.redirect(
            `/console/units/${encodeURIComponent(unitId)}?done=${encodeURIComponent(param(c, "action"))}`,
            303,
          );
        }
        if (outcome.ok === null) {
          const problem = pageProblem(404, { code: "NOT_FOUND" });
          return send(c, { html: consolePage(user, "home", "Not found", problemBlock(problem)), status: 404 });
        }
        return send(c, await unitPage(fetchApi, user, unitId, locale(c), { refusal: outcome.refusal }));
      },
      { back: unitBack },
    ),
  );
  app.get(
    "/console/units/:id/bookings",
    guard(async (c, user, fetchApi) =>
      send(c, await bookingsPage(fetchApi, user, param(c, "id"), c.req.query("cursor"), locale(c))),
    ),
  );
  app.get(
    "/console/units/:id/bookings/:reference",
    guard(async (c, user, fetchApi) =>
      send(c, await bookingPage(fetchApi, user, param(c, "id"), param(c, "reference"), locale(c))),
    ),
  );
  app.get(
    "/console/sales",
    guard(async (c, user, fetchApi) => send(c, await salesPage(fetchApi, user, c.req.query(), locale(c)))),
  );
  app.get(
    "/console/dead-letters",
    guard(
      async (c, user, fetchApi) =>
        send(c, await deadLettersPage(fetchApi, user, c.req.query("cursor"), { done: c.req.query("replayed") })),
      { admin: true },
    ),
  );
  app.post(
    "/console/dead-letters/:id/replay",
    guard(
      async (c, user, fetchApi) => {
        const id = param(c, "id");
        const form = await postedForm(c);
        const res = await fetchApi(`/v1/admin/dead-letters/${encodeURIComponent(id)}/replay`, {
          method: "POST",
          idempotencyKey: form.idempotency_key,
        });
        if (res.ok) return c.redirect(`/console/dead-letters?replayed=${encodeURIComponent(id)}`, 303);
        const problem = pageProblem(res.status, await res.json().catch(() => undefined));
        return send(c, await deadLettersPage(fetchApi, user, undefined, { problem }));
      },
      { admin: true, back: () => "/console/dead-letters" },
    ),
  );
  app.post(
    "/console/sign-out",
    guard(
      async (c, _user, fetchApi) => {
        // The API ends the session; its answer's cookie deletion is for the API's own response, so say it here too.
        await fetchApi("/v1/auth/sign-out", { method: "POST" });
        deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
        return c.redirect("/", 303);
      },
      { back: () => "/console" },
    ),
  );
  app.get(
    "/console/health",
    guard(async (c, user, fetchApi) => send(c, await healthPage(fetchApi, user)), { admin: true }),
  );
}
