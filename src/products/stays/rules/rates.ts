import { minorDigits } from "../../../lib/currency.ts";
import { addDays, weekday } from "../../../lib/time.ts";
import type { Season } from "../schema/room-types.ts";

/** What a room type's nightly rule price depends on. */
export interface RateRules {
  baseRateMinor: number;
  /** Sunday first. */
  weekdayPct: readonly number[];
  seasons: readonly Season[];
}

/**
 * The weekday of a night (0 Sunday), remembered per isolate: a city-night resolves every room type
 * of the city on one date, twice each (its price and its arrival rule), and parsing the date was a
 * visible part of that. Dates searchable at once are about 370, so the memo stays small; cleared
 * when full all the same.
 */
const weekdays = new Map<string, number>();

export function nightWeekday(night: string): number {
  let day = weekdays.get(night);
  if (day === undefined) {
    day = weekday(night);
    if (weekdays.size >= 4_096) weekdays.clear();
    weekdays.set(night, day);
  }
  return day;
}

/** The nights of a stay: check-in up to the day before check-out. */
export function nightsOf(checkIn: string, checkOut: string): string[] {
  const out: string[] = [];
  for (let night = checkIn; night < checkOut; night = addDays(night, 1)) out.push(night);
  return out;
}

/** MM-DD inside a season; a season whose end comes before its start wraps over New Year. */
export function inSeason(season: Season, date: string): boolean {
  const md = date.slice(5);
  return season.from <= season.to ? md >= season.from && md <= season.to : md >= season.from || md <= season.to;
}

export function seasonPct(seasons: readonly Season[], date: string): number {
  return seasons.find((s) => inSeason(s, date))?.pct ?? 100;
}

/**
 * The rule price of one room for one night: base × weekday % × season %, rounded to a whole unit
 * of the currency (hotels do not price in cents), never below one unit. Integer arithmetic up to
 * the rounding, so search, the calendar and the inventory object agree to the minor unit.
 */
export function ruleRateMinor(rules: RateRules, night: string, currency: string): number {
  const weekdayPct = rules.weekdayPct[nightWeekday(night)] ?? 100;
  const exact = (rules.baseRateMinor * weekdayPct * seasonPct(rules.seasons, night)) / 10_000;
  const unit = 10 ** minorDigits(currency);
  return Math.max(unit, Math.round(exact / unit) * unit);
}
