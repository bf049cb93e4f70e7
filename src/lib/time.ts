/**
 * Calendar helpers, one module for the Worker and the seeds: local time in a place's IANA time
 * zone, DST-correct through Intl (Workers and Node both ship full ICU), and plain calendar dates
 * (YYYY-MM-DD, no zone involved). No imports: the seeds run this file in Node.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  date: string;
  time: string;
  offsetMinutes: number;
}

export function localParts(epochMs: number, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return { date, time, offsetMinutes: Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000) };
}

/**
 * UTC offsets by zone and UTC day: an offset found at both ends of a day holds all day (no zone
 * changes its offset twice within 24 hours), so two Intl calls serve every instant of it. A day
 * with a transition falls back to quarter hours: every time-zone transition in the tz database
 * falls on a quarter hour of UTC, so one Intl call serves every instant of that quarter. Bounded.
 */
const dayOffsets = new Map<string, number | null>();
const offsets = new Map<string, number>();
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;

function offsetMinutes(epochMs: number, timeZone: string): number {
  const day = Math.floor(epochMs / DAY_MS);
  const dayKey = `${timeZone}|${day}`;
  let allDay = dayOffsets.get(dayKey);
  if (allDay === undefined) {
    if (dayOffsets.size > 20_000) dayOffsets.clear();
    const start = localParts(day * DAY_MS, timeZone).offsetMinutes;
    const end = localParts((day + 1) * DAY_MS - 1000, timeZone).offsetMinutes;
    allDay = start === end ? start : null;
    dayOffsets.set(dayKey, allDay);
  }
  if (allDay !== null) return allDay;
  const key = `${timeZone}|${Math.floor(epochMs / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 20_000) offsets.clear();
    offset = localParts(epochMs, timeZone).offsetMinutes;
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * Formatted instants by zone: search presents the same departure times over and over (every
 * variant and page of a route-day, every reload of its snapshot), and formatting one costs more
 * than finding it. Numeric keys per zone; bounded like the offsets.
 */
const localIsos = new Map<string, Map<number, string>>();
let localIsoCount = 0;

/** ISO 8601 local time with its UTC offset, e.g. 2026-11-24T08:30:00+01:00. */
export function toLocalIso(epochMs: number, timeZone: string): string {
  let zone = localIsos.get(timeZone);
  const known = zone?.get(epochMs);
  if (known !== undefined) return known;
  if (localIsoCount > 50_000) {
    localIsos.clear();
    localIsoCount = 0;
    zone = undefined;
  }
  if (!zone) {
    zone = new Map();
    localIsos.set(timeZone, zone);
  }
  const formatted = formatLocalIso(epochMs, timeZone);
  zone.set(epochMs, formatted);
  localIsoCount++;
  return formatted;
}

function formatLocalIso(epochMs: number, timeZone: string): string {
  const offset = offsetMinutes(epochMs, timeZone);
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}

const utcIsos = new Map<number, string>();

/** `new Date(epochMs).toISOString()`, remembered (bounded) for the same reason as toLocalIso. */
export function toUtcIso(epochMs: number): string {
  let formatted = utcIsos.get(epochMs);
  if (formatted === undefined) {
    if (utcIsos.size > 50_000) utcIsos.clear();
    formatted = new Date(epochMs).toISOString();
    utcIsos.set(epochMs, formatted);
  }
  return formatted;
}

/** Today's calendar date in a time zone. */
export function localDate(epochMs: number, timeZone: string): string {
  return new Date(epochMs + offsetMinutes(epochMs, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** Whole days from date a to date b (both YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The calendar date `days` after `date` (YYYY-MM-DD; negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, of a calendar date. */
export function weekday(date: string): number {
  return new Date(Date.parse(`${date}T00:00:00Z`)).getUTCDay();
}

/** UTC midnight of a calendar date, in epoch seconds (NaN when it is not a date). */
export function dateToEpoch(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

/** The instant (epoch seconds) of local wall-clock time `minutes` after midnight on `date`. Times inside a DST gap move forward. */
export function localToUtc(timeZone: string, date: string, minutes: number): number {
  const naive = dateToEpoch(date) + minutes * 60;
  const first = localParts(naive * 1000, timeZone).offsetMinutes;
  const guess = naive - first * 60;
  const second = localParts(guess * 1000, timeZone).offsetMinutes;
  return second === first ? guess : naive - second * 60;
}

/**
 * localToUtc with a per-(zone, day) memo: when a zone's offset is the same from 14 h before to
 * 38 h after the date's UTC midnight, no transition touches that local day and one offset serves
 * every time on it. Keeps a 100k-departure schedule to a few thousand Intl calls.
 */
export function createLocalClock(): (timeZone: string, date: string, minutes: number) => number {
  const steady = new Map<string, number | null>();
  return (timeZone, date, minutes) => {
    const key = `${timeZone}|${date}`;
    let offset = steady.get(key);
    if (offset === undefined) {
      const midnight = dateToEpoch(date);
      const before = localParts((midnight - 14 * 3600) * 1000, timeZone).offsetMinutes;
      offset = before === localParts((midnight + 38 * 3600) * 1000, timeZone).offsetMinutes ? before : null;
      steady.set(key, offset);
    }
    return offset === null ? localToUtc(timeZone, date, minutes) : dateToEpoch(date) + (minutes - offset) * 60;
  };
}

export function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
