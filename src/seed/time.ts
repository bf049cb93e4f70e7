import { localParts } from "../lib/time.ts";

/**
 * Local time in IANA zones through Intl only (Workers and Node both ship full ICU), DST-correct.
 * Times are epoch seconds; dates are YYYY-MM-DD.
 */
/** Minutes to add to UTC to get local time in `timeZone` at that instant. */
export function utcOffsetMinutes(timeZone: string, epochSeconds: number): number {
  return localParts(epochSeconds * 1000, timeZone).offsetMinutes;
}

export function localDate(timeZone: string, epochSeconds: number): string {
  return isoDate(epochSeconds + utcOffsetMinutes(timeZone, epochSeconds) * 60);
}

/** The instant of local wall-clock time `minutes` after midnight on `date`. Times inside a DST gap move forward. */
export function localToUtc(timeZone: string, date: string, minutes: number): number {
  const naive = dateToEpoch(date) + minutes * 60;
  const first = utcOffsetMinutes(timeZone, naive);
  const guess = naive - first * 60;
  const second = utcOffsetMinutes(timeZone, guess);
  return second === first ? guess : naive - second * 60;
}

/**
 * localToUtc with a per-(zone, day) memo: when a zone's offset is the same from 14 h before to
 * 38 h after the date's UTC midnight, no transition touches that local day and one offset serves
 * every departure on it. Keeps a 100k-departure schedule to a few thousand Intl calls.
 */
export function createLocalClock(): (timeZone: string, date: string, minutes: number) => number {
  const steady = new Map<string, number | null>();
  return (timeZone, date, minutes) => {
    const key = `${timeZone}|${date}`;
    let offset = steady.get(key);
    if (offset === undefined) {
      const midnight = dateToEpoch(date);
      const before = utcOffsetMinutes(timeZone, midnight - 14 * 3600);
      offset = before === utcOffsetMinutes(timeZone, midnight + 38 * 3600) ? before : null;
      steady.set(key, offset);
    }
    return offset === null ? localToUtc(timeZone, date, minutes) : dateToEpoch(date) + (minutes - offset) * 60;
  };
}

export function dateToEpoch(date: string): number {
  const [y = 0, m = 1, d = 1] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}

export function isoDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return isoDate(dateToEpoch(date) + days * 86400);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(dateToEpoch(date) * 1000).getUTCDay();
}
