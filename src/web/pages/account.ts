import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { dateTime, money } from "../format";
import { type Html, html, page } from "../html";
import { type PageProblem, pageProblem } from "../problems";
import { problemBlock, type WebPage } from "../search-page";

type Account = Schemas["Account"];
type MyBooking = Schemas["MyBookingSummary"];
type Trip = Schemas["Trip"];

/** The passkey buttons and the wait for an emailed link run in this script, loaded by these pages only. */
const ACCOUNT_SCRIPT = html`<script src="/app/account.js" defer></script>`;

/**
 * Where to go after signing in: a path of this site only (`/me`, `/console/...`), never another
 * origin (`//evil.example`, `/\evil.example`, `https://…`), else /me.
 */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 500 || !next.startsWith("/") || /[\\\s]/.test(next) || next.startsWith("//")) {
    return "/me";
  }
  const base = "https://edgefare.invalid";
  const url = URL.canParse(next, base) ? new URL(next, base) : null;
  return url && url.origin === base ? `${url.pathname}${url.search}${url.hash}` : "/me";
}

/** Who is asking: the account behind the page's session cookie, a guest, or the API could not say. */
export type Visitor =
  | { kind: "account"; account: Account }
  | { kind: "guest" }
  | { kind: "unknown"; problem: PageProblem; retryAfter: string | null };

/**
 * The account behind the page's session cookie. Only the API's 401 makes a guest: a rate limit or
 * an outage is not a reason to send a signed-in traveller to sign in again.
 */
export async function visitorOf(fetchApi: ApiFetch): Promise<Visitor> {
  const res = await fetchApi("/v1/me");
  if (res.ok) return { kind: "account", account: ((await res.json()) as { data: Account }).data };
  if (res.status === 401) return { kind: "guest" };
  const problem = pageProblem(res.status, await res.json().catch(() => undefined));
  return { kind: "unknown", problem, retryAfter: res.headers.get("retry-after") };
}

/** A page that could not tell who is asking: the API's sentence and status (a 429 keeps its Retry-After). */
export function unknownVisitorPage(locale: string, problem: PageProblem, retryAfter: string | null): WebPage {
  const body = html`<h1>My trips</h1>${problemBlock(problem)}`;
  return { html: page("My trips", body, locale), status: problem.status, retryAfter };
}

export function signInPage(locale: string, next: string, email = "", problem?: PageProblem): WebPage {
  return {
    html: page(
      "Sign in",
      html`<h1>Sign in</h1>${problem ? problemBlock(problem) : ""}
        <form class="search" action="/sign-in" method="post" aria-label="Sign in by email">
          <input type="hidden" name="next" value="${next}" />
          <label>Email <input type="email" name="email" value="${email}" required maxlength="254"
            autocomplete="email" /></label>
          <button type="submit">Email me a sign-in link</button>
        </form>
        <p>No password: we email you a link that signs you in (and creates your account the first time).</p>
        <div class="passkey" data-passkey-sign-in data-next="${next}" hidden>
          <p>Or use the passkey saved on this device.</p>
          <button type="button">Sign in with a passkey</button>
          <p class="problem" role="alert" hidden></p>
        </div>`,
      locale,
      ACCOUNT_SCRIPT,
    ),
    status: problem?.status ?? 200,
  };
}

/** After the link is sent: this page moves on by itself once the link is used in this browser. */
export function linkSentPage(locale: string, next: string): WebPage {
  return {
    html: page(
      "Check your email",
      html`<h1>Check your email</h1>
        <p>If the address can receive it, a sign-in link is on its way. It works once, for 15 minutes.</p>
        <p data-wait-for-sign-in data-next="${next}">Open it in this browser: this page continues by itself once
          you are signed in, or <a href="${next}">continue here</a>.</p>`,
      locale,
      ACCOUNT_SCRIPT,
    ),
    status: 202,
  };
}

function bookingCard(locale: string, b: MyBooking): Html {
  return html`<li class="card">
    <h3><a href="/manage/${b.reference}">Booking ${b.reference}</a></h3>
    <p class="status" data-status="${b.status}">${b.status.replaceAll("_", " ")} · ${money(locale, b.total_price)}</p>
    <ul>${b.items.map(
      (item) =>
        html`<li>${item.title} · ${dateTime(locale, item.starts_at, item.timezone)} (local time)${
          item.status === "cancelled" ? " · cancelled" : ""
        }</li>`,
    )}</ul>
  </li>`;
}

/** The cursor of the API's `links.next`, as this page's own query. */
const cursorOf = (next: string | null) => (next ? new URL(next, "https://x.invalid").searchParams.get("cursor") : null);

/** "My trips": the account, its bookings (newest first, a page at a time), sign-out and passkeys. */
export async function mePage(fetchApi: ApiFetch, account: Account, cursor: string | undefined, locale: string) {
  const params = new URLSearchParams({ limit: "10" });
  if (cursor) params.set("cursor", cursor);
  const res = await fetchApi(`/v1/me/bookings?${params}`);
  const body = await res.json().catch(() => undefined);
  let bookings: Html;
  if (!res.ok) {
    bookings = problemBlock(pageProblem(res.status, body));
  } else {
    const { data, links } = body as { data: MyBooking[]; links: { next: string | null } };
    const next = cursorOf(links.next);
    bookings = html`${
      data.length === 0
        ? html`<p>No bookings yet. Bookings you make while signed in appear here.</p>`
        : html`<ol class="results">${data.map((b) => bookingCard(locale, b))}</ol>`
    }${next ? html`<p class="pager"><a rel="next" href="/me?cursor=${encodeURIComponent(next)}">Older bookings</a></p>` : ""}`;
  }
  const held = await heldTrips(fetchApi, locale);
  return {
    html: page(
      "My trips",
      html`<h1>My trips</h1>
        <p>Signed in as <strong>${account.email}</strong>.</p>
        ${held}
        <section aria-labelledby="bookings"><h2 id="bookings">Bookings</h2>${bookings}</section>
        <section aria-labelledby="account" class="card"><h2 id="account">Account</h2>
          <div data-passkey-register hidden>
            <button type="button" class="secondary">Add a passkey for this device</button>
            <p role="status"></p>
          </div>
          <form action="/sign-out" method="post"><button type="submit" class="secondary">Sign out</button></form>
        </section>`,
      locale,
      ACCOUNT_SCRIPT,
    ),
    status: res.ok ? 200 : res.status,
    retryAfter: res.headers.get("retry-after"),
  } satisfies WebPage;
}

/**
 * Trips held while signed in and not booked yet (GET /v1/me/trips, newest first): each with its
 * total, when its hold ends and a link to check it out. Booked trips are among the bookings.
 */
async function heldTrips(fetchApi: ApiFetch, locale: string): Promise<Html> {
  const res = await fetchApi("/v1/me/trips?limit=10");
  if (!res.ok) return html``;
  const { data } = (await res.json()) as { data: Trip[] };
  const held = data.filter((t) => t.status === "held");
  if (held.length === 0) return html``;
  return html`<section aria-labelledby="held"><h2 id="held">Held, not booked yet</h2>
    <ol class="results">${held.map(
      (t) => html`<li class="card">
        <p>${t.items.length} ${t.items.length === 1 ? "item" : "items"}${
          t.total_price ? html` · <span class="price">${money(locale, t.total_price)}</span>` : ""
        }${t.expires_at ? html` · held until ${dateTime(locale, t.expires_at, "UTC")} UTC` : ""}</p>
        <p><a href="/book/trip/${t.id}">Check out this trip</a></p>
      </li>`,
    )}</ol></section>`;
}
