import type { PlaceHoldInput, PoolState } from "../../../inventory/contract";
import { err, ok, type Result } from "../../../lib/result";
import { addDays } from "../../../lib/time";
import { STAY_LIMITS } from "../config";
import { partyFits } from "../rules/occupancy";
import { checkParty } from "../search/check";
import * as words from "../words";

const num = (v: unknown): number => (typeof v === "number" ? v : Number.NaN);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The stays rules a hold must pass inside the property's object, after the engine's generic
 * checks (pools exist, sales window, per-hold limit) and before it counts rooms: the lines are
 * consecutive nights of one room type, in order, each for the same number of rooms; the stay is 1
 * to 30 nights, its last night bookable now; no night closed, the first not closed to arrival, the
 * stay at least the arrival night's minimum; the party fits the rooms. Pure: `pools` are the
 * request's lines' pools, in line order.
 */
export function checkStayHold(request: PlaceHoldInput, pools: readonly PoolState[], now: number): Result<void> {
  const first = pools[0];
  const rooms = request.lines[0]?.quantity ?? 0;
  if (!first || pools.length !== request.lines.length)
    return err("VALIDATION_FAILED", "A stay holds at least one night.");
  const roomTypeId = str(first.attrs.roomTypeId);
  for (const [i, pool] of pools.entries()) {
    if (str(pool.attrs.roomTypeId) !== roomTypeId) {
      return err("VALIDATION_FAILED", "Every night of a stay is of one room type.");
    }
    if (request.lines[i]?.quantity !== rooms) {
      return err("VALIDATION_FAILED", "Every night of a stay holds the same number of rooms.");
    }
    if (i > 0 && str(pool.attrs.night) !== addDays(str(pools[i - 1]?.attrs.night), 1)) {
      return err(
        "NIGHTS_NOT_CONSECUTIVE",
        `The nights of a stay follow each other; ${str(pool.attrs.night)} does not.`,
        {
          night: str(pool.attrs.night),
        },
      );
    }
  }
  if (pools.length > STAY_LIMITS.maxNights) {
    return err("STAY_TOO_LONG", `A stay is at most ${STAY_LIMITS.maxNights} nights; this one is ${pools.length}.`, {
      max_nights: STAY_LIMITS.maxNights,
    });
  }
  const last = pools[pools.length - 1] as PoolState;
  if (now < num(last.attrs.bookableFrom)) {
    return err(
      "DATE_TOO_FAR",
      `Nights can be booked up to ${STAY_LIMITS.maxDaysAhead} days ahead; ${str(last.attrs.night)} is further.`,
      { field: "check_out" },
    );
  }
  const calendar = checkCalendar(pools);
  if (!calendar.ok) return calendar;
  return checkOccupancy(first, rooms, request.context ?? {});
}

function checkCalendar(pools: readonly PoolState[]): Result<void> {
  const first = pools[0] as PoolState;
  const checkIn = str(first.attrs.night);
  if (first.attrs.closedToArrival === true) {
    return err("CLOSED_TO_ARRIVAL", `${str(first.attrs.roomTypeName)} takes no arrivals on ${checkIn}.`, {
      check_in: checkIn,
    });
  }
  const minStay = num(first.attrs.minStay);
  if (pools.length < minStay) {
    return err(
      "MIN_STAY_NOT_MET",
      `Stays arriving on ${checkIn} are at least ${minStay} nights; this one is ${pools.length}.`,
      { check_in: checkIn, min_stay: minStay },
    );
  }
  const closed = pools.find((p) => p.attrs.closed === true);
  if (closed) {
    const night = str(closed.attrs.night);
    return err("NIGHT_CLOSED", `${str(closed.attrs.roomTypeName)} is closed on the night of ${night}.`, { night });
  }
  return ok(undefined);
}

/** The product's limits first (the same problems as search), then this room type's occupancy. */
function checkOccupancy(first: PoolState, rooms: number, context: Record<string, unknown>): Result<void> {
  const adults = num(context.adults);
  const children = num(context.children);
  if (!Number.isInteger(adults) || !Number.isInteger(children) || children < 0) {
    return err("VALIDATION_FAILED", "A stay's hold says how many adults and children it is for.");
  }
  const party = checkParty({ rooms, adults, children });
  if (!party.ok) return party;
  const room = { maxAdults: num(first.attrs.maxAdults), maxChildren: num(first.attrs.maxChildren) };
  if (partyFits(room, { rooms, adults, children })) return ok(undefined);
  return err(
    "TOO_MANY_GUESTS",
    `${words.adults(adults)} and ${words.children(children)} do not fit in ${rooms} × ${str(first.attrs.roomTypeName)}: ` +
      `a room takes ${words.adults(room.maxAdults)} and ${room.maxChildren === 0 ? "no children" : words.plural(room.maxChildren, "more child", "more children")}.`,
    { max_adults_per_room: room.maxAdults, max_children_per_room: room.maxChildren },
  );
}
