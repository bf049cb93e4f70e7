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

/** Minor units to a localised amount: the currency's own digits decide the divisor (JPY 0, EUR 2, KWD 3). */
export function formatMoney(money: Money, locale = "en-GB"): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.minor / 10 ** digits);
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
