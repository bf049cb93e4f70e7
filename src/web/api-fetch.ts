import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../accounts/policy";
import type { App, HttpEnv } from "../api/context";

/** A request to the API as the traveller's browser would make it, answered in-process. */
export type ApiFetch = (path: string, init?: ApiInit) => Promise<Response>;

export interface ApiInit {
  method?: "GET" | "POST" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Headers that make an in-process call the same caller as the page's: its rate-limit budget, its
 * locale, and what the API's cross-site check reads on a cookie-authenticated write (Sec-Fetch-Site,
 * set by the browser; not Origin, which a proxy in front of the Worker such as wrangler dev may not
 * match with the URL the Worker sees: src/web/same-origin.ts).
 */
const FORWARDED = ["cf-connecting-ip", "accept-language", "x-request-id", "sec-fetch-site", "user-agent"];

/**
 * Pages show exactly what the API answers (its caches, freshness, limits and errors): they call
 * it in-process through the same app, as the traveller's own caller, not a privileged one. The
 * traveller's session cookie goes along (and nothing else of their cookies), so a signed-in
 * traveller's bookings belong to their account and /me shows them; a session cookie the API
 * renews or ends on the way is passed back to the browser.
 */
export function apiFetch(c: Context<HttpEnv>, app: App): ApiFetch {
  return async (path, init = {}) => {
    const headers = new Headers({ accept: "application/json", ...init.headers });
    for (const name of FORWARDED) {
      const value = c.req.header(name);
      if (value) headers.set(name, value);
    }
    const session = getCookie(c, SESSION_COOKIE);
    if (session) headers.set("cookie", `${SESSION_COOKIE}=${session}`);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    const request = new Request(new URL(path, c.req.url), {
      method: init.method ?? "GET",
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const res = await app.fetch(request, c.env, c.executionCtx);
    for (const cookie of res.headers.getSetCookie()) {
      if (cookie.startsWith(`${SESSION_COOKIE}=`)) c.header("set-cookie", cookie, { append: true });
    }
    return res;
  };
}
