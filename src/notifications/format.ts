import { minorDigits } from "../lib/currency";
import type { Money, PassengerName } from "./types";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Enough for text nodes and quoted attribute values, the only places we interpolate. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Minor units to a localised amount. ISO 4217 decides the divisor (JPY 0, EUR 2, KWD 3), not
 * Intl's display digits, which are 0 for HUF, IDR and COP although their amounts count cents;
 * Intl's digits only decide how a whole amount is shown, and a fractional one shows its cents.
 */
export function formatMoney(money: Money, locale = "en-GB"): string {
  const digits = minorDigits(money.currency);
  const amount = money.minor / 10 ** digits;
  const fraction = Number.isInteger(amount) ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return new Intl.NumberFormat(locale, { style: "currency", currency: money.currency, ...fraction }).format(amount);
}

/** Local wall-clock time at the place the trip leaves from, with the zone named so it is never ambiguous. */
export function formatLocalTime(epochSeconds: number, timeZone: string, locale = "en-GB"): string {
  const format = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });
  return format.format(new Date(epochSeconds * 1000));
}

export function formatPassengers(passengers: PassengerName[]): string {
  return passengers.map((p) => `${p.givenName} ${p.familyName}`).join(", ");
}
