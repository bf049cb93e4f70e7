import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { HttpEnv } from "../api/context";
import { type Html, html, page } from "./html";
import type { WebPage } from "./search-page";

/** What a form posted: its text fields, each cut to 500 characters (files are ignored). */
export type PostedForm = Record<string, string>;

/**
 * Pages allow only this origin's files; no inline script, so an injected tag cannot run. Inline
 * styles stay out too: every style is in /app/app.css.
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * A page answered with its own status, never cached (it carries live prices and availability,
 * holds and sessions: not for a shared or browser cache), under the pages' CSP.
 */
export async function send(c: Context<HttpEnv>, { html: body, status, retryAfter }: WebPage) {
  c.header("cache-control", "no-store");
  if (retryAfter) c.header("retry-after", retryAfter);
  c.header("content-security-policy", PAGE_CSP);
  return c.html(await body, status as ContentfulStatusCode);
}

export function refusedPage(locale: string, title: string, body: Html, status: number): WebPage {
  return { html: page(title, html`<h1>${title}</h1>${body}`, locale), status };
}

export async function formOf(c: Context<HttpEnv>): Promise<PostedForm> {
  const parsed = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(parsed).flatMap(([k, v]) => (typeof v === "string" ? [[k, v.slice(0, 500)]] : [])),
  );
}

export const idempotencyOf = (form: PostedForm) =>
  form.idempotency_key ? { "idempotency-key": form.idempotency_key.slice(0, 255) } : undefined;
