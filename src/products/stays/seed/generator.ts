import { dateToEpoch } from "../../../lib/time.ts";
import { CITIES } from "../../../places/cities.ts";
import { calendarChanges } from "./calendar.ts";
import { cityProperties } from "./properties.ts";
import type { StaysSeed, StaysSeedOptions } from "./types.ts";

function checkOptions({ seed, startDate }: StaysSeedOptions): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate) || Number.isNaN(dateToEpoch(startDate))) {
    throw new RangeError(`startDate must be YYYY-MM-DD, got ${startDate}`);
  }
}

/**
 * The whole stays catalogue: every city of the place catalogue gets properties (about 2,400 in
 * all), each with its room types, plus a sparse set of operator changes. Pure and deterministic:
 * the same options give the same rows; property and room type ids depend on the city and the
 * property's number only, so a later seed with another start date replaces rows in place.
 * Rates are rules, not rows: nothing here grows with the number of nights sold.
 */
export function generateStays(options: StaysSeedOptions): StaysSeed {
  checkOptions(options);
  // Stamped with the start date, not the wall clock, so output stays reproducible.
  const stamp = dateToEpoch(options.startDate);
  const out: StaysSeed = { properties: [], roomTypes: [], rateOverrides: [], closures: [] };
  for (const city of CITIES) {
    const { properties, roomTypes } = cityProperties(options.seed, city, stamp);
    out.properties.push(...properties);
    out.roomTypes.push(...roomTypes);
  }
  const changes = calendarChanges(options.seed, options.startDate, out.properties, out.roomTypes, stamp);
  out.rateOverrides = changes.rateOverrides;
  out.closures = changes.closures;
  return out;
}
