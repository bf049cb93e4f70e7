import type { Context } from "hono";
import type { App, HttpEnv } from "../api/context";

/** A request to the API as the traveller's browser would make it, answered in-process. */
export type ApiFetch = (path: string, init?: ApiInit) => Promise<Response>;

export interface ApiInit {
  method?: "GET" | "POST";
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Headers that make an in-process call the same caller as the page's: its rate-limit budget and locale. */
const FORWARDED = ["cf-connecting-ip", "accept-language", "x-request-id"];

/**
 * Pages show exactly what the API answers (its caches, freshness, limits and errors): they call
 * it in-process through the same app, as the traveller's own caller, not a privileged one.
 */
export function apiFetch(c: Context<HttpEnv>, app: App): ApiFetch {
  return async (path, init = {}) => {
    const headers = new Headers({ accept: "application/json", ...init.headers });
    for (const name of FORWARDED) {
      const value = c.req.header(name);
      if (value) headers.set(name, value);
    }
    if (init.body !== undefined) headers.set("content-type", "application/json");
    const request = new Request(new URL(path, c.req.url), {
      method: init.method ?? "GET",
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    return app.fetch(request, c.env, c.executionCtx);
  };
}
