import type { Schemas } from "../../../../packages/client/src/index";
import { html } from "../../html";
import { pageProblem } from "../../problems";
import { problemBlock, type WebPage } from "../../search-page";
import type { ConsoleUser } from "../access";
import { type ConsoleFetch, jsonOf } from "../fetch";
import { consolePage, PRODUCTS, type ProductId } from "../layout";

type Unit = Schemas["OrganiserUnit"];

const when = (iso: string | null) => (iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "—");

/** A product's units this person runs (an admin: all of them), a page at a time. */
export async function unitsPage(
  fetchApi: ConsoleFetch,
  user: ConsoleUser,
  product: ProductId,
  cursor: string | undefined,
): Promise<WebPage> {
  const label = PRODUCTS.find((p) => p.id === product)?.label ?? product;
  const query = new URLSearchParams({ product, limit: "25", ...(cursor ? { cursor } : {}) });
  const res = await fetchApi(`/v1/organiser/units?${query}`);
  const body = await jsonOf(res);
  if (!res.ok) {
    return {
      html: consolePage(user, product, label, html`<h1>${label}</h1>${problemBlock(pageProblem(res.status, body))}`),
      status: res.status,
    };
  }
  const page = body as { data: Unit[]; meta: { scope: "own" | "all"; next_cursor: string | null } };
  const scope = page.meta.scope === "all" ? "Every one (you are an admin)." : "The ones assigned to you.";
  const rows = page.data.map(
    (u) => html`<tr>
      <th scope="row"><a href="/console/units/${u.id}">${u.title}</a></th>
      <td><code>${u.id}</code></td>
      <td>${when(u.starts_at)}</td>
      <td>${u.status}</td>
    </tr>`,
  );
  const next = page.meta.next_cursor
    ? html`<p class="pager"><a rel="next" href="/console/units?product=${product}&amp;cursor=${encodeURIComponent(page.meta.next_cursor)}">Next page</a></p>`
    : "";
  const table =
    page.data.length === 0
      ? html`<p>Nothing here yet. An admin assigns inventory to organisers.</p>`
      : html`<div class="table-wrap" tabindex="0" role="region" aria-label="${label}"><table>
          <thead><tr><th scope="col">Name</th><th scope="col">Id</th><th scope="col">When</th><th scope="col">Status</th></tr></thead>
          <tbody>${rows}</tbody></table></div>`;
  return {
    html: consolePage(user, product, label, html`<h1>${label}</h1><p>${scope}</p>${table}${next}`),
    status: 200,
  };
}
