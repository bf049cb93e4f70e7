import type { Schemas } from "../../../../packages/client/src/index";
import { type Html, html } from "../../html";
import { type PageProblem, pageProblem } from "../../problems";
import { problemBlock, type WebPage } from "../../search-page";
import type { ConsoleUser } from "../access";
import { type ConsoleFetch, jsonOf } from "../fetch";
import { consoleForm } from "../forms";
import { consolePage } from "../layout";

type DeadLetter = Schemas["DeadLetter"];
type Metrics = Schemas["Metrics"];
type Health = Schemas["HealthDetail"];

const when = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;
const percent = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? "—" : `${(ratio * 100).toFixed(1)} %`;
const ms = (value: number | null) => (value === null ? "—" : `≤ ${value} ms`);

/** Queue messages that ran out of retries, each with a replay button until it is replayed. */
export async function deadLettersPage(
  fetchApi: ConsoleFetch,
  user: ConsoleUser,
  cursor: string | undefined,
  notice: { done?: string | undefined; problem?: PageProblem | undefined } = {},
): Promise<WebPage> {
  const query = new URLSearchParams({ limit: "25", ...(cursor ? { cursor } : {}) });
  const res = await fetchApi(`/v1/admin/dead-letters?${query}`);
  const body = await jsonOf(res);
  const top = html`<h1>Dead letters</h1>${notice.problem ? problemBlock(notice.problem) : ""}${
    notice.done && !notice.problem
      ? html`<p class="done" role="status">Sent back to its queue: ${notice.done}.</p>`
      : ""
  }`;
  if (!res.ok) {
    return {
      html: consolePage(
        user,
        "dead-letters",
        "Dead letters",
        html`${top}${problemBlock(pageProblem(res.status, body))}`,
      ),
      status: res.status,
    };
  }
  const page = body as { data: DeadLetter[]; meta: { next_cursor: string | null } };
  const rows = page.data.map(
    (d) => html`<tr>
      <th scope="row"><code>${d.id}</code></th><td>${d.queue}</td><td>${d.attempts}</td>
      <td><time datetime="${d.created_at}">${when(d.created_at)}</time></td>
      <td><details><summary>Body</summary><pre>${JSON.stringify(d.body, null, 2)}</pre></details></td>
      <td>${
        d.replayed_at
          ? html`Replayed ${when(d.replayed_at)}`
          : consoleForm(`/console/dead-letters/${d.id}/replay`, `Replay ${d.id}`, html``, "Replay")
      }</td></tr>`,
  );
  const next = page.meta.next_cursor
    ? html`<p class="pager"><a rel="next" href="/console/dead-letters?cursor=${encodeURIComponent(page.meta.next_cursor)}">Older</a></p>`
    : "";
  const table =
    page.data.length === 0
      ? html`<p>No dead letters: every queued job was handled.</p>`
      : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Dead letters"><table>
          <thead><tr><th scope="col">Id</th><th scope="col">Queue</th><th scope="col">Attempts</th>
            <th scope="col">Given up</th><th scope="col">Message</th><th scope="col">Replay</th></tr></thead>
          <tbody>${rows}</tbody></table></div>`;
  return {
    html: consolePage(
      user,
      "dead-letters",
      "Dead letters",
      html`${top}<p>A replay sends the original message back to its queue once; its consumer handles it like any other.</p>${table}${next}`,
    ),
    status: notice.problem?.status ?? 200,
  };
}

function table(caption: string, head: string[], rows: Html[]): Html {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}"><table><caption>${caption}</caption>
    <thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
    <tbody>${rows.length > 0 ? rows : html`<tr><td colspan="${head.length}">Nothing in this window.</td></tr>`}</tbody></table></div>`;
}

function metricsSections(m: Metrics): Html {
  return html`<section aria-labelledby="requests-h"><h2 id="requests-h">Requests, last ${m.window.minutes} min</h2>
      <p>${m.requests.count} requests, ${m.requests.errors} errors (${percent(m.requests.error_rate)}), p95 ${ms(m.requests.p95_ms)}.</p></section>
    <section aria-labelledby="cache-h"><h2 id="cache-h">Cache</h2>
      <p>${m.cache.answers} search answers; served from a cache: ${percent(m.cache.hit_ratio)}.</p>
      ${table(
        "Answers by tier",
        ["Tier", "Share"],
        Object.entries(m.cache.tier_ratio).map(
          ([tier, ratio]) => html`<tr><th scope="row">${tier}</th><td>${percent(ratio)}</td></tr>`,
        ),
      )}</section>
    <section aria-labelledby="queues-h"><h2 id="queues-h">Queues</h2>
      ${table(
        "Queue work",
        ["Queue", "Messages", "Retries", "Lag p95", "Dead letters"],
        m.queues.map(
          (
            q,
          ) => html`<tr><th scope="row">${q.queue}</th><td>${q.messages}</td><td>${q.retries}</td><td>${ms(q.lag_p95_ms)}</td>
            <td>${m.dead_letters[q.queue] ?? 0}</td></tr>`,
        ),
      )}</section>
    <section aria-labelledby="holds-h"><h2 id="holds-h">Holds, payments, emails</h2>
      <p>${m.holds.granted} holds granted, ${m.holds.refused} refused; emails ${m.emails.sent} sent, ${m.emails.failed} failed.</p>
      ${table(
        "Payments by outcome",
        ["Outcome", "Count"],
        Object.entries(m.payments).map(
          ([k, v]) => html`<tr><th scope="row">${k.replaceAll("_", " ")}</th><td>${v}</td></tr>`,
        ),
      )}
      ${
        m.invariant_failures.length > 0
          ? html`<div class="problem" role="alert"><p>Inventory audits found violations on
              ${m.invariant_failures.map((f) => f.unit_id).join(", ")}.</p></div>`
          : ""
      }</section>`;
}

/** The bindings' health (probed now) and the last hour's metrics the API already measures. */
export async function healthPage(fetchApi: ConsoleFetch, user: ConsoleUser): Promise<WebPage> {
  const [healthRes, metricsRes] = await Promise.all([fetchApi("/v1/admin/health"), fetchApi("/v1/admin/metrics")]);
  const [health, metrics] = await Promise.all([jsonOf(healthRes), jsonOf(metricsRes)]);
  // The health answer is a 503 with its body when a binding fails: still what this page shows.
  const healthOk = healthRes.ok || healthRes.status === 503;
  if (!healthOk) {
    return {
      html: consolePage(
        user,
        "health",
        "Health",
        html`<h1>Health</h1>${problemBlock(pageProblem(healthRes.status, health))}`,
      ),
      status: healthRes.status,
    };
  }
  const h = health as Health;
  const bindings = table(
    "Bindings, probed now",
    ["Binding", "Status", "Latency", "Detail"],
    Object.entries(h.bindings).map(
      ([
        name,
        b,
      ]) => html`<tr><th scope="row">${name}</th><td class="status-${b.status}">${b.status.replaceAll("_", " ")}</td>
        <td>${b.latency_ms === undefined ? "—" : `${b.latency_ms} ms`}</td><td>${b.detail ?? ""}</td></tr>`,
    ),
  );
  return {
    html: consolePage(
      user,
      "health",
      "Health",
      html`<h1>Health: ${h.status}</h1>${bindings}${
        metricsRes.ok ? metricsSections(metrics as Metrics) : problemBlock(pageProblem(metricsRes.status, metrics))
      }`,
    ),
    status: 200,
  };
}
