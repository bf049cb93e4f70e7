import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../../accounts/policy";
import type { App, HttpEnv } from "../../api/context";

/** A call to the API as the signed-in organiser or admin, answered in-process. */
export type ConsoleFetch = (path: string, init?: ConsoleInit) => Promise<Response>;

export interface ConsoleInit {
  method?: "GET" | "POST" | "PATCH";
  /** Sent as JSON. */
  body?: unknown;
  /** Makes a POST safe to resubmit (the form's own key). */
  idempotencyKey?: string | undefined;
}

const FORWARDED = ["cf-connecting-ip", "accept-language", "x-request-id"];

/**
 * The console shows and changes exactly what the API allows this person: every call carries their
 * session cookie (and nothing else of theirs), so the API's own access rules decide, not the page.
 * A write is made only after the console's form handler checked the post came from our pages
 * (src/web/same-origin.ts), so it carries this origin, which the API's cross-site check asks for.
 */
export function consoleFetch(c: Context<HttpEnv>, app: App): ConsoleFetch {
  return async (path, init = {}) => {
    const method = init.method ?? "GET";
    const headers = new Headers({ accept: "application/json" });
    for (const name of FORWARDED) {
      const value = c.req.header(name);
      if (value) headers.set(name, value);
    }
    const session = getCookie(c, SESSION_COOKIE);
    if (session) headers.set("cookie", `${SESSION_COOKIE}=${session}`);
    const url = new URL(path, c.req.url);
    if (method !== "GET") headers.set("origin", url.origin);
    if (init.idempotencyKey) headers.set("idempotency-key", init.idempotencyKey);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    const request = new Request(url, {
      method,
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const res = await app.fetch(request, c.env, c.executionCtx);
    // Over the person's budget: the page says so (RATE_LIMITED) and, like the API, when to come back.
    const retryAfter = res.headers.get("retry-after");
    if (res.status === 429 && retryAfter) c.header("retry-after", retryAfter);
    return res;
  };
}

/** The JSON of an answer, or undefined when it has none. */
export async function jsonOf(res: Response): Promise<unknown> {
  return res.json().catch(() => undefined);
}
