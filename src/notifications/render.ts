import { escapeHtml, formatLocalTime, formatMoney, formatPassengers } from "./format";
import type {
  AccountEmailTemplate,
  BookingEmailData,
  BookingEmailTemplate,
  EmailTemplate,
  MoneyOutcome,
  OpsAlertEmail,
  RenderedEmail,
} from "./types";

/**
 * One content model per email, rendered twice (text and HTML). Every value that came from a
 * traveller or the database goes through escapeHtml on the HTML side; the model holds plain
 * strings only, so there is no way to smuggle markup in.
 */
interface EmailContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  details: [label: string, value: string][];
  /** One link the email exists for (a sign-in link), shown as a button and as plain text. */
  action?: { label: string; url: string };
}

export function renderEmail(template: EmailTemplate): RenderedEmail {
  const content =
    template.kind === "ops_alert"
      ? alertContent(template.data)
      : template.kind === "sign_in_link" || template.kind === "account_erased"
        ? accountContent(template)
        : template.kind === "product_notice"
          ? {
              subject: template.data.subject,
              heading: template.data.subject,
              paragraphs: template.data.paragraphs,
              details: [],
            }
          : contentFor(template);
  return { subject: content.subject, text: renderText(content), html: renderHtml(content) };
}

function alertContent(a: OpsAlertEmail): EmailContent {
  const open = a.state === "open";
  const details: [string, string][] = [
    ["Rule", a.rule],
    ["Incident", a.incidentId],
    ["Opened", new Date(a.openedAt).toISOString()],
  ];
  if (a.resolvedAt !== null) details.push(["Resolved", new Date(a.resolvedAt).toISOString()]);
  return {
    subject: open ? `[edgefare alert] ${a.rule}: ${a.summary}` : `[edgefare recovered] ${a.rule}`,
    heading: open ? `Alert: ${a.rule}` : `Recovered: ${a.rule}`,
    paragraphs: open
      ? [a.summary, "You get one email when an incident opens and one when it recovers (docs/operations.md)."]
      : [`The rule is back within its threshold: ${a.summary}`],
    details,
  };
}

function accountContent(t: AccountEmailTemplate): EmailContent {
  switch (t.kind) {
    case "sign_in_link": {
      const claim = t.data.purpose === "claim";
      return {
        subject: claim ? "Confirm your email address for edgefare" : "Your edgefare sign-in link",
        heading: claim ? "Confirm your email address" : "Sign in to edgefare",
        paragraphs: [
          claim
            ? "Someone signed in to edgefare asked to add a booking made with this address to their account. Open this link while signed in to that account to confirm."
            : "Open this link to sign in. If you have no account yet, this creates one.",
          `The link works once, for ${t.data.expiresInMinutes} minutes. If you did not ask for it, ignore this email.`,
        ],
        details: [],
        action: { label: claim ? "Confirm" : "Sign in", url: t.data.url },
      };
    }
    case "account_erased":
      return {
        subject: "Your edgefare account has been deleted",
        heading: "Your account has been deleted",
        paragraphs: [
          "As you asked, we removed your personal data: your account, sign-in methods, names and email address in your bookings, and the emails we sent you.",
          "We keep the financial records the law requires (amounts, dates, payment references), with no name or email attached.",
        ],
        details: [],
      };
  }
}

function contentFor(t: BookingEmailTemplate): EmailContent {
  const d = t.data;
  const route = titleLine(d);
  const money = moneySentence(d.money);
  const details = [...itemDetails(d), moneyRow(d.money)];
  switch (t.kind) {
    case "booking_confirmed":
      return {
        subject: `Booking confirmed: ${d.reference}, ${route}`,
        heading: "Your booking is confirmed",
        paragraphs: ["Thank you. Everything in this booking is yours.", money],
        details,
      };
    case "payment_failed":
      return {
        subject: `Payment failed for booking ${d.reference}`,
        heading: "We could not take your payment",
        paragraphs: [
          "Your payment was declined, so this booking is not confirmed and nothing is held for it.",
          money,
          "You can search again and book with another payment method.",
        ],
        details,
      };
    case "hold_expired":
      return t.data.money.state === "refunding"
        ? {
            subject: `Booking ${d.reference} could not be completed: your payment is being refunded`,
            heading: "Your booking could not be completed",
            paragraphs: [
              "Your payment went through after what we held for you had been released, so we could not confirm this booking.",
              money,
            ],
            details,
          }
        : {
            subject: `Your hold for ${route} was released`,
            heading: "Your hold has expired",
            paragraphs: ["What we held for you was released because the booking was not completed in time.", money],
            details,
          };
    case "booking_cancelled":
      return {
        subject: `Booking cancelled: ${d.reference}`,
        heading: "Your booking is cancelled",
        paragraphs: [money],
        details,
      };
    case "late_charge_refunded":
      return {
        subject: `Your payment for booking ${d.reference} is being refunded`,
        heading: "Your payment went through after all, and is being refunded",
        paragraphs: [
          "We told you earlier that this booking was not paid for. Your payment did go through afterwards, when the booking was already closed and what it held released.",
          money,
        ],
        details,
      };
    case "payment_unresolved":
      return {
        subject: `Booking ${d.reference} could not be confirmed`,
        heading: "We could not confirm your payment",
        paragraphs: [
          "Our payment provider did not give us an answer in time, so we closed this booking and released what it held.",
          money,
          "You can search again and book once more.",
        ],
        details,
      };
    case "booking_reminder": {
      const item = d.items[0];
      const when = item ? `${item.startLabel}: ${formatLocalTime(item.startsAt, item.timezone)}` : "";
      return {
        subject: `Reminder: ${route}, within 24 hours`,
        heading: "Coming up soon",
        paragraphs: [`This is a reminder that ${route} is within the next 24 hours. ${when}.`, money],
        details,
      };
    }
  }
}

/** How long a card refund takes to reach the traveller: what Stripe tells merchants to say (5–10 business days). */
export const REFUND_ARRIVAL = "within 5 to 10 working days";

/** The one place an email says what happened to the money. */
function moneySentence(money: MoneyOutcome): string {
  switch (money.state) {
    case "not_charged":
      return "You have not been charged: no money was taken for this booking.";
    case "charged":
      return `We charged ${formatMoney(money.amount)} to your payment method.`;
    case "refunding":
      return (
        `We charged ${formatMoney(money.amount)} to your payment method and are refunding the full amount to it. ` +
        `The refund usually appears ${REFUND_ARRIVAL}, depending on your bank.`
      );
    case "partly_refunding":
      return (
        `We charged ${formatMoney(money.amount)} to your payment method and are refunding ${formatMoney(money.refund)} of it, ` +
        `as the cancellation terms of what you cancelled allow. The refund usually appears ${REFUND_ARRIVAL}, depending on your bank.`
      );
    case "not_refunded":
      return `We charged ${formatMoney(money.amount)} to your payment method. Under the cancellation terms of what you cancelled, nothing is refunded.`;
    case "unknown":
      return (
        `The payment provider never told us whether your payment of ${formatMoney(money.amount)} went through. ` +
        "If it did, we refund it in full automatically and email you when the refund is on its way; if it did not, you have not been charged."
      );
  }
}

function moneyRow(money: MoneyOutcome): [string, string] {
  switch (money.state) {
    case "not_charged":
      return ["Payment", "Not charged"];
    case "charged":
      return ["Total paid", formatMoney(money.amount)];
    case "refunding":
      return ["Refund", `${formatMoney(money.amount)}, in full, to your original payment method`];
    case "partly_refunding":
      return [
        "Refund",
        `${formatMoney(money.refund)} of ${formatMoney(money.amount)}, to your original payment method`,
      ];
    case "not_refunded":
      return ["Refund", "None"];
    case "unknown":
      return ["Payment", `${formatMoney(money.amount)}, not confirmed by the payment provider`];
  }
}

/** The items' titles, as a subject names them. */
function titleLine(d: BookingEmailData): string {
  return d.items.map((item) => item.title).join(" + ");
}

/** The booking's rows: its reference, then each item's snapshot (start in the item's own zone), then who travels. */
function itemDetails(d: BookingEmailData): [string, string][] {
  const rows: [string, string][] = [["Booking reference", d.reference]];
  for (const [index, item] of d.items.entries()) {
    rows.push([d.items.length === 1 ? "Booked" : `Item ${index + 1}`, item.title]);
    rows.push([item.startLabel, formatLocalTime(item.startsAt, item.timezone)]);
    if (item.location) rows.push(["Where", item.location]);
    rows.push(...item.details);
    if (item.refund) rows.push(["Refunded for this item", formatMoney(item.refund)]);
  }
  rows.push([d.passengers.length === 1 ? "Traveller" : "Travellers", formatPassengers(d.passengers)]);
  return rows;
}

function renderText(c: EmailContent): string {
  const details = c.details.map(([label, value]) => `${label}: ${value}`);
  const action = c.action ? [`${c.action.label}: ${c.action.url}`, ""] : [];
  return [c.heading, "", ...c.paragraphs.flatMap((p) => [p, ""]), ...action, ...details, "", "edgefare"].join("\n");
}

function renderHtml(c: EmailContent): string {
  const rows = c.details
    .map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join("\n");
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(c.subject)}</title></head><body>`,
    `<h1>${escapeHtml(c.heading)}</h1>`,
    ...c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(c.action ? [`<p><a href="${escapeHtml(c.action.url)}">${escapeHtml(c.action.label)}</a></p>`] : []),
    `<table>\n${rows}\n</table>`,
    "<p>edgefare</p>",
    "</body></html>",
  ].join("\n");
}
