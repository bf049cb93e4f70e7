import { SEARCH_LIMITS } from "../../../config";
import { err, ok, type Result } from "../../../lib/result";
import { daysBetween, localDate } from "../../../lib/time";
import { getPlace, type ResolvedLocation, resolveLocation } from "../../../places/catalog";
import type { SearchInput } from "./types";

/** What a syntactically valid search means: known places in two cities, a date from today to the horizon. */
export function checkSearch(
  input: SearchInput,
  nowMs: number,
): Result<{ origin: ResolvedLocation; destination: ResolvedLocation }> {
  const origin = resolveLocation(input.origin);
  if (!origin) return err("UNKNOWN_PLACE", `No place or city has the code '${input.origin}'.`, { field: "origin" });
  const destination = resolveLocation(input.destination);
  if (!destination) {
    return err("UNKNOWN_PLACE", `No place or city has the code '${input.destination}'.`, { field: "destination" });
  }
  if (origin.cityCode === destination.cityCode) {
    return err("SAME_ORIGIN_DESTINATION", `${origin.code} and ${destination.code} are in the same city.`);
  }
  // "Today" is the origin's local date: a traveller in Tokyo may already search tomorrow's UTC date.
  const timezone = getPlace(origin.placeCodes[0] ?? "")?.timezone ?? "UTC";
  const today = localDate(nowMs, timezone);
  const ahead = daysBetween(today, input.date);
  if (ahead < 0) return err("DATE_IN_PAST", `${input.date} is before today (${today}) at ${origin.code}.`);
  if (ahead > SEARCH_LIMITS.maxDaysAhead) {
    return err(
      "DATE_TOO_FAR",
      `Searches reach at most ${SEARCH_LIMITS.maxDaysAhead} days ahead; ${input.date} is ${ahead}.`,
    );
  }
  return ok({ origin, destination });
}
