import type { Context } from "hono";
import { deleteCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../accounts/policy";
import type { App, HttpEnv } from "../api/context";
import { apiFetch } from "./api-fetch";
import { localeOf } from "./format";
import { html } from "./html";
import { linkSentPage, mePage, safeNext, signInPage, unknownVisitorPage, visitorOf } from "./pages/account";
import { pageProblem } from "./problems";
import { formOf, refusedPage, send } from "./respond";
import { fromOurPages } from "./same-origin";

/**
 * Sign-in (an emailed link, or a passkey where the browser has one), "My trips" and sign-out,
 * over the accounts API (docs/accounts.md): the session is the API's HttpOnly cookie, which the
 * pages pass along when they call it.
 */
export function registerAccountPages(app: App): void {
  const locale = (c: Context<HttpEnv>) => localeOf(c.req.header("accept-language"));
  const notOurs = (c: Context<HttpEnv>) =>
    send(c, refusedPage(locale(c), "Not allowed", html`<p>This form must be sent from an edgefare page.</p>`, 403));

  app.get("/sign-in", async (c) => {
    const next = safeNext(c.req.query("next"));
    if ((await visitorOf(apiFetch(c, app))).kind === "account") return c.redirect(next, 303);
    return send(c, signInPage(locale(c), next));
  });

  app.post("/sign-in", async (c) => {
    if (!fromOurPages(c)) return notOurs(c);
    const form = await formOf(c);
    const next = safeNext(form.next);
    const email = (form.email ?? "").trim();
    const res = await apiFetch(c, app)("/v1/auth/magic-link", { method: "POST", body: { email } });
    if (res.status === 202) return send(c, linkSentPage(locale(c), next));
    const problem = pageProblem(res.status, await res.json().catch(() => undefined));
    return send(c, signInPage(locale(c), next, email, problem));
  });

  app.get("/me", async (c) => {
    const fetchApi = apiFetch(c, app);
    const visitor = await visitorOf(fetchApi);
    if (visitor.kind === "guest") return c.redirect("/sign-in?next=/me", 303);
    if (visitor.kind === "unknown") return send(c, unknownVisitorPage(locale(c), visitor.problem, visitor.retryAfter));
    return send(c, await mePage(fetchApi, visitor.account, c.req.query("cursor")?.slice(0, 512), locale(c)));
  });

  app.post("/sign-out", async (c) => {
    if (!fromOurPages(c)) return notOurs(c);
    const res = await apiFetch(c, app)("/v1/auth/sign-out", { method: "POST" });
    // The API ends the session and clears its cookie; a session that had already ended is cleared here.
    if (res.status !== 204) deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return c.redirect("/", 303);
  });
}
