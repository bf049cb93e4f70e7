import { checkDateRange } from "../../../lib/date-range";
import { err, ok, type Result } from "../../../lib/result";
import { addDays, daysBetween, localDate } from "../../../lib/time";
import { getCity, resolveLocation } from "../../../places/catalog";
import { EVENT_SEARCH_LIMITS, type EventSearchInput } from "./types";

export interface ResolvedSearch {
  /** What `place` asked for (a city, or a place of it: venues belong to cities, so a place means its city). */
  place: { code: string; type: "city" | "place" };
  city: { code: string; name: string; timezone: string };
  range: { from: string; to: string };
  /** Every local date from `from` to `to`, inclusive. */
  dates: string[];
}

/**
 * What a syntactically valid search means, or why it cannot: the place must exist, and the
 * range must run forwards, from today (at the city) to at most a year ahead, over 31 days at most.
 */
export function resolveSearch(input: EventSearchInput, nowMs: number): Result<ResolvedSearch> {
  const location = resolveLocation(input.place);
  const city = location && getCity(location.cityCode);
  if (!location || !city) {
    return err("UNKNOWN_PLACE", `No place or city has the code '${input.place}'.`, { field: "place" });
  }
  const { maxDaysAhead, maxRangeDays, defaultRangeDays } = EVENT_SEARCH_LIMITS;
  const today = localDate(nowMs, city.timezone);
  const lastDay = addDays(today, maxDaysAhead);
  const from = input.from ?? today;
  const to = input.to ?? minDate(addDays(from, defaultRangeDays - 1), maxDate(from, lastDay));
  const range = checkDateRange(from, to, maxRangeDays);
  if (!range.ok) return range;
  const days = range.value;
  if (daysBetween(today, from) < 0) {
    return err("DATE_IN_PAST", `${from} is before today (${today}) in ${city.name}.`, { field: "from" });
  }
  if (daysBetween(today, to) > maxDaysAhead) {
    return err(
      "DATE_TOO_FAR",
      `Event searches reach at most ${maxDaysAhead} days ahead, to ${lastDay}; ${to} is later.`,
      {
        field: input.to === undefined ? "from" : "to",
      },
    );
  }
  return ok({
    place: { code: location.code, type: location.type },
    city: { code: city.code, name: city.name, timezone: city.timezone },
    range: { from, to },
    dates: Array.from({ length: days }, (_, i) => addDays(from, i)),
  });
}

const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);
