import { err, ok, type Result } from "../../../lib/result";
import { daysBetween, localDate } from "../../../lib/time";
import { type City, getCity, type ResolvedLocation, resolveLocation } from "../../../places/catalog";
import { STAY_LIMITS } from "../config";
import { nightsOf } from "../rules/rates";
import * as words from "../words";
import type { StaySearchInput } from "./types";

export interface CheckedStay {
  location: ResolvedLocation;
  city: City;
  /** The stay's nights, check-in first. */
  nights: string[];
}

/**
 * What a search means, checked against the place's own calendar: dates are local to the city
 * (check-in today in Tokyo may be tomorrow in UTC), a stay is 1 to 30 nights inside the bookable
 * window, and the guests can share the rooms asked for under the product's limits.
 */
export function checkStay(input: StaySearchInput, nowMs: number): Result<CheckedStay> {
  const location = resolveLocation(input.place);
  const city = location && getCity(location.cityCode);
  if (!location || !city) {
    return err("UNKNOWN_PLACE", `No place or city has the code '${input.place}'.`, { field: "place" });
  }
  const dates = checkDates(input.checkIn, input.checkOut, localDate(nowMs, city.timezone), city.name);
  if (!dates.ok) return dates;
  const party = checkParty(input);
  if (!party.ok) return party;
  return ok({ location, city, nights: dates.value });
}

/** How many nights a stay lasts, when it is a stay search and holds accept (1..STAY_LIMITS.maxNights). */
export function stayLength(checkIn: string, checkOut: string): Result<number> {
  const nights = daysBetween(checkIn, checkOut);
  if (nights < 1) {
    return err(
      "CHECK_OUT_BEFORE_CHECK_IN",
      `Check-out (${checkOut}) must be at least one night after check-in (${checkIn}).`,
      { field: "check_out" },
    );
  }
  if (nights > STAY_LIMITS.maxNights) {
    return err(
      "STAY_TOO_LONG",
      `A stay is at most ${STAY_LIMITS.maxNights} nights; ${checkIn} to ${checkOut} is ${nights}.`,
      {
        field: "check_out",
        max_nights: STAY_LIMITS.maxNights,
      },
    );
  }
  return ok(nights);
}

export function checkDates(checkIn: string, checkOut: string, today: string, where: string): Result<string[]> {
  const ahead = daysBetween(today, checkIn);
  if (ahead < 0) {
    return err("DATE_IN_PAST", `Check-in ${checkIn} is before today (${today}) in ${where}.`, { field: "check_in" });
  }
  const length = stayLength(checkIn, checkOut);
  if (!length.ok) return length;
  const nights = length.value;
  const lastNight = ahead + nights - 1;
  if (lastNight > STAY_LIMITS.maxDaysAhead) {
    return err(
      "DATE_TOO_FAR",
      `Stays can be booked up to ${STAY_LIMITS.maxDaysAhead} days ahead; the last night of this one is ${lastNight} days away.`,
      { field: ahead > STAY_LIMITS.maxDaysAhead ? "check_in" : "check_out" },
    );
  }
  return ok(nightsOf(checkIn, checkOut));
}

export function checkParty({ rooms, adults, children }: Pick<StaySearchInput, "rooms" | "adults" | "children">) {
  if (adults < rooms) {
    return err("TOO_FEW_ADULTS", `Every room needs an adult: ${words.rooms(rooms)}, ${words.adults(adults)}.`);
  }
  const { maxAdultsPerRoom, maxGuestsPerRoom } = STAY_LIMITS;
  if (adults > rooms * maxAdultsPerRoom || adults + children > rooms * maxGuestsPerRoom) {
    return err(
      "TOO_MANY_GUESTS",
      `${words.adults(adults)} and ${words.children(children)} do not fit in ${words.rooms(rooms)}: a room holds at most ` +
        `${maxAdultsPerRoom} adults and ${maxGuestsPerRoom} guests. Ask for more rooms.`,
      { max_adults_per_room: maxAdultsPerRoom, max_guests_per_room: maxGuestsPerRoom },
    );
  }
  return ok(undefined);
}
