/** Prices, dates and times in the traveller's locale; times in the zone of the place they happen. */

export interface Money {
  amount_minor: number;
  currency: string;
}

/** The first well-formed tag of Accept-Language that Intl knows, else British English. */
export function localeOf(acceptLanguage: string | undefined): string {
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim();
    if (!tag || tag === "*") continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0) return canonical;
    } catch {
      // Not a language tag: try the next one.
    }
  }
  return "en-GB";
}

export function money(locale: string, value: Money): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: value.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(value.amount_minor / 10 ** digits);
}

export function time(locale: string, instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone }).format(new Date(instant));
}

export function dateTime(locale: string, instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    new Date(instant),
  );
}

/** A calendar date (YYYY-MM-DD, no zone) written for the traveller. */
export function day(locale: string, isoDate: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min`;
}

/** "20 s ago", "3 min ago": the page's script keeps it ticking from `data-as-of`. */
export function age(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

/** Today's date in UTC plus `days`, as YYYY-MM-DD (form defaults). */
export function isoDay(now: number, days = 0): string {
  return new Date(now + days * 86_400_000).toISOString().slice(0, 10);
}
