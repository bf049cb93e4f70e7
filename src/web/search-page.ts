import type { ApiFetch } from "./api-fetch";
import { age } from "./format";
import type { Query } from "./forms";
import { type Html, html } from "./html";
import { type PageProblem, pageProblem } from "./problems";

export interface Freshness {
  as_of: string;
  age_s: number;
  stale: boolean;
}

/** A page and the status it answers with: a problem's own status, so a bad search is not a 200. */
export interface WebPage {
  html: Html;
  status: number;
  /** A 429 page says when to come back, as the API said it. */
  retryAfter?: string | null;
}

export type SearchOutcome<T> = { ok: true; body: T } | { ok: false; problem: PageProblem } | { ok: null };

/** Calls a search route with the page's own query (only the parameters the route knows). */
export async function runSearch<T>(
  fetchApi: ApiFetch,
  route: string,
  query: Query,
  accepted: readonly string[],
  required: readonly string[],
): Promise<SearchOutcome<T>> {
  if (required.some((name) => !query[name])) return { ok: null };
  const params = new URLSearchParams();
  for (const name of accepted) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  const res = await fetchApi(`${route}?${params}`);
  const body = await res.json().catch(() => undefined);
  if (!res.ok) return { ok: false, problem: pageProblem(res.status, body) };
  // A 2xx whose body did not parse (seen once under the --redis benchmark, cause not found yet):
  // the traveller is asked to retry rather than shown a 500.
  if (body === undefined) return { ok: false, problem: pageProblem(503, { code: "ORIGIN_UNAVAILABLE" }) };
  return { ok: true, body: body as T };
}

export function problemBlock(problem: PageProblem): Html {
  return html`<div class="problem" role="alert">
    <p>${problem.sentence}</p>
    ${problem.fields.length > 0 ? html`<ul>${problem.fields.map((f) => html`<li>${f.field}: ${f.message}</li>`)}</ul>` : ""}
    <p class="code">Error code ${problem.code}</p>
  </div>`;
}

/** "Prices as of 20 s ago", kept ticking by the page's script. */
export function freshnessLine(meta: Freshness): Html {
  return html`<p class="freshness">Prices and availability as of
    <time datetime="${meta.as_of}" data-as-of="${meta.as_of}">${age(meta.age_s)}</time>${
      meta.stale ? html` <strong>(being refreshed)</strong>` : ""
    }. Places are only guaranteed once reserved.</p>`;
}

/** The same search, one page further. */
export function nextLink(path: string, query: Query, nextCursor: string | null | undefined): Html {
  if (!nextCursor) return html``;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value && name !== "cursor") params.set(name, value);
  params.set("cursor", nextCursor);
  return html`<p class="pager"><a rel="next" href="${path}?${params}">Next results</a></p>`;
}
