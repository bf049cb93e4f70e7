import { err, ok, type Result } from "./result";
import { daysBetween } from "./time";

/**
 * An inclusive range of calendar dates (YYYY-MM-DD) that must run forwards and cover at most
 * `maxDays` dates: events search, a room type's calendar. One check and one problem shape for
 * every product (INVALID_DATE_RANGE, DATE_RANGE_TOO_LONG with `max_days`); the field at fault is
 * `to`. Resolves to the number of dates covered.
 */
export function checkDateRange(from: string, to: string, maxDays: number): Result<number> {
  const days = daysBetween(from, to) + 1;
  if (days < 1) return err("INVALID_DATE_RANGE", `'to' (${to}) is before 'from' (${from}).`, { field: "to" });
  if (days > maxDays) {
    return err("DATE_RANGE_TOO_LONG", `${from} to ${to} covers ${days} days; a range covers at most ${maxDays}.`, {
      field: "to",
      max_days: maxDays,
    });
  }
  return ok(days);
}
