import { escapeHtml, formatLocalTime, formatMoney, formatPassengers } from "./format";
import { type PlaceLabel, placeLabel } from "./places";
import type { BookingEmailData, EmailTemplate, RenderedEmail } from "./types";

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
}

export function renderEmail(template: EmailTemplate): RenderedEmail {
  const content = contentFor(template);
  return { subject: content.subject, text: renderText(content), html: renderHtml(content) };
}

function contentFor(t: EmailTemplate): EmailContent {
  const d = t.data;
  const route = routeLine(d);
  switch (t.kind) {
    case "booking_confirmed":
      return {
        subject: `Booking confirmed: ${d.reference}, ${route}`,
        heading: "Your booking is confirmed",
        paragraphs: ["Thank you. Your payment was received and your seats are booked."],
        details: [...tripDetails(d), ["Total paid", formatMoney(d.total)]],
      };
    case "payment_failed":
      return {
        subject: `Payment failed for booking ${d.reference}`,
        heading: "We could not take your payment",
        paragraphs: [
          "Your payment was declined, so this booking is not confirmed and no seats are held for it.",
          "You have not been charged. You can search again and book with another payment method.",
        ],
        details: [...tripDetails(d), ["Amount", formatMoney(d.total)]],
      };
    case "hold_expired":
      return {
        subject: `Your seats for ${route} were released`,
        heading: "Your hold has expired",
        paragraphs: [
          "The seats we held for you were released because the booking was not completed in time.",
          "You have not been charged.",
        ],
        details: tripDetails(d),
      };
    case "booking_cancelled":
      return {
        subject: `Booking cancelled: ${d.reference}`,
        heading: "Your booking is cancelled",
        paragraphs: [
          t.data.refund
            ? `A refund of ${formatMoney(t.data.refund)} is on its way to your original payment method. It can take a few working days to appear.`
            : "You were not charged for this booking, so there is nothing to refund.",
        ],
        details: tripDetails(d),
      };
    case "departure_reminder":
      return {
        subject: `Reminder: ${route} departs soon`,
        heading: "Your trip is coming up",
        paragraphs: ["This is a reminder that your trip departs within the next 24 hours. Have a good journey."],
        details: tripDetails(d),
      };
  }
}

function routeLine(d: BookingEmailData): string {
  return `${placeLabel(d.trip.originCode).name} to ${placeLabel(d.trip.destinationCode).name}`;
}

function tripDetails(d: BookingEmailData): [string, string][] {
  const origin = placeLabel(d.trip.originCode);
  const destination = placeLabel(d.trip.destinationCode);
  const rows: [string, string][] = [
    ["Booking reference", d.reference],
    ["From", placeLine(origin)],
    ["To", placeLine(destination)],
    ["Departs", formatLocalTime(d.trip.departsAt, origin.timezone)],
  ];
  if (d.trip.service) rows.push(["Service", d.trip.service]);
  rows.push([d.passengers.length === 1 ? "Passenger" : "Passengers", formatPassengers(d.passengers)]);
  return rows;
}

function placeLine(p: PlaceLabel): string {
  return p.name === p.code ? p.code : `${p.name} (${p.code})`;
}

function renderText(c: EmailContent): string {
  const details = c.details.map(([label, value]) => `${label}: ${value}`);
  return [c.heading, "", ...c.paragraphs.flatMap((p) => [p, ""]), ...details, "", "edgefare"].join("\n");
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
    `<table>\n${rows}\n</table>`,
    "<p>edgefare</p>",
    "</body></html>",
  ].join("\n");
}
