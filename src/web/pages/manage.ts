import type { Schemas } from "../../../packages/client/src/index";
import type { ApiFetch } from "../api-fetch";
import { money } from "../format";
import { type Html, html, page } from "../html";
import { type PageProblem, pageProblem } from "../problems";
import { problemBlock, type WebPage } from "../search-page";

type Booking = Schemas["Booking"];
type RefundQuote = Schemas["RefundQuote"];

/** How the traveller proves the booking is theirs: the owner token's cookie, or a family name. */
export interface Credentials {
  token?: string | undefined;
  familyName?: string | undefined;
}

export function bookingApi(
  reference: string,
  credentials: Credentials,
  suffix = "",
): { path: string; headers: Record<string, string> } {
  const path = `/v1/bookings/${encodeURIComponent(reference)}${suffix}`;
  if (credentials.token) return { path, headers: { authorization: `Bearer ${credentials.token}` } };
  return { path: `${path}?family_name=${encodeURIComponent(credentials.familyName ?? "")}`, headers: {} };
}

export function lookupForm(reference = "", familyName = ""): Html {
  return html`<form class="search" action="/manage" method="get" aria-label="Find a booking">
    <label>Booking reference <input name="reference" value="${reference}" required maxlength="32"
      autocapitalize="characters" /></label>
    <label>Family name of a traveller <input name="family_name" value="${familyName}" required maxlength="100" /></label>
    <button type="submit">Find my booking</button>
  </form>`;
}

/** The truth about the booking and its money, in one sentence. */
function statusSentence(locale: string, b: Booking): string {
  const total = money(locale, b.total_price);
  const refunded = b.payment.refunded ? money(locale, b.payment.refunded) : null;
  switch (b.status) {
    case "pending_payment":
      return "We are confirming your payment. This page updates by itself.";
    case "confirmed":
      return `Confirmed. ${total} was charged; the confirmation email is on its way.`;
    case "payment_failed":
      return b.payment.state === "unknown"
        ? "We could not get an answer from the bank. If any money was taken, it is refunded automatically."
        : "The payment did not go through. Nothing was charged.";
    case "expired":
      return b.payment.state === "refund_pending" || b.payment.state === "refunded"
        ? "The reservation ran out before the payment was confirmed. The money taken is being refunded."
        : "The reservation ran out before the payment was confirmed. Nothing was charged.";
    case "cancelled":
      return refunded ? `Cancelled. ${refunded} was refunded.` : "Cancelled. Any refund due is on its way.";
    case "refunded":
      return `Cancelled and refunded${refunded ? `: ${refunded}` : ""}.`;
  }
}

function details(locale: string, b: Booking): Html {
  return html`<section aria-labelledby="booked" class="card">
    <h2 id="booked">Booking ${b.reference}</h2>
    <p class="status" data-status="${b.status}">${statusSentence(locale, b)}</p>
    <p>Travellers: ${b.passengers.map((p) => `${p.given_name} ${p.family_name}`).join(", ")}</p>
    <p class="price">Total ${money(locale, b.total_price)}</p>
  </section>`;
}

function timeline(b: Booking): Html {
  return html`<section aria-labelledby="timeline"><h2 id="timeline">What happened</h2>
    <ol class="timeline">${b.timeline.map(
      (e) =>
        html`<li><time datetime="${e.at}">${e.at.replace("T", " ").slice(0, 16)} UTC</time> ${e.kind.replaceAll("_", " ")}</li>`,
    )}</ol></section>`;
}

function cancelForm(locale: string, b: Booking, quote: RefundQuote | null, credentials: Credentials): Html {
  if (b.status !== "confirmed") return html``;
  const refund = quote ? money(locale, quote.refund) : null;
  return html`<section aria-labelledby="cancel" class="card"><h2 id="cancel">Cancel</h2>
    <p>${refund === null ? "Cancelling refunds what the booking's terms allow." : `Cancelling now refunds ${refund}.`}${
      quote?.valid_until ? ` This holds until ${quote.valid_until.replace("T", " ").slice(0, 16)} UTC.` : ""
    }</p>
    <form action="/manage/${b.reference}/cancel" method="post">
      <input type="hidden" name="idempotency_key" value="${crypto.randomUUID()}" />
      ${credentials.familyName ? html`<input type="hidden" name="family_name" value="${credentials.familyName}" />` : ""}
      <button type="submit" class="danger">Cancel this booking</button>
    </form></section>`;
}

async function refundQuote(fetchApi: ApiFetch, b: Booking, credentials: Credentials): Promise<RefundQuote | null> {
  if (b.status !== "confirmed") return null;
  const { path, headers } = bookingApi(b.reference, credentials, "/refund-quote");
  const res = await fetchApi(path, { headers });
  return res.ok ? ((await res.json()) as RefundQuote) : null;
}

/** A booking as its owner sees it: status and money, travellers, timeline, the refund quote and cancel. */
export async function managePage(
  fetchApi: ApiFetch,
  reference: string,
  credentials: Credentials,
  locale: string,
  problem?: PageProblem,
): Promise<WebPage> {
  if (!credentials.token && !credentials.familyName) {
    return { html: page("Your booking", html`<h1>Your booking</h1>${lookupForm(reference)}`, locale), status: 200 };
  }
  const { path, headers } = bookingApi(reference, credentials);
  const res = await fetchApi(path, { headers });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const refused = pageProblem(res.status, body);
    return {
      html: page(
        "Your booking",
        html`<h1>Your booking</h1>${problemBlock(refused)}${lookupForm(reference, credentials.familyName)}`,
        locale,
      ),
      status: res.status,
    };
  }
  const booking = body as Booking;
  const quote = await refundQuote(fetchApi, booking, credentials);
  // Payment settles on a queue within seconds: the page asks again until it has.
  const head = booking.status === "pending_payment" ? html`<meta http-equiv="refresh" content="2" />` : html``;
  return {
    html: page(
      `Booking ${booking.reference}`,
      html`<h1>Your booking</h1>${problem ? problemBlock(problem) : ""}${details(locale, booking)}${cancelForm(
        locale,
        booking,
        quote,
        credentials,
      )}${timeline(booking)}`,
      locale,
      head,
    ),
    status: problem?.status ?? 200,
  };
}
