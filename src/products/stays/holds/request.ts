import type { HoldView } from "../../../inventory/contract";
import { err, ok, type Result } from "../../../lib/result";
import { addDays, daysBetween, localDate } from "../../../lib/time";
import type { EngineHoldRequest } from "../../module";
import { STAY_LIMITS } from "../config";
import type { StayHoldBodyInput, StayHoldFields } from "../http/schemas/hold";
import { parsePool, poolName } from "../inventory/pools";
import { nightsOf } from "../rules/rates";
import { checkParty, stayLength } from "../search/check";

/** Today's date somewhere on Earth: the earliest (UTC−12) and the latest (UTC+14) calendar date now. */
const earliestToday = (now: number) => localDate(now, "Etc/GMT+12");
const latestToday = (now: number) => localDate(now, "Etc/GMT-14");

/**
 * A stay's hold body as the engine's request: the property is the unit, one line per night
 * (`rt_…@night`, quantity = rooms), the party in the context for the occupancy rule. Refused here,
 * before any object wakes: check-out not after check-in, more than 30 nights, a party no rooms of
 * the product hold, and dates that are past or too far on every calendar on Earth. The
 * property's own calendar decides the last day or two inside the object (DATE_IN_PAST when the
 * first night has ended there, DATE_TOO_FAR from checkHold).
 */
export function mapStayHold(body: StayHoldBodyInput, now: number): Result<EngineHoldRequest> {
  const { check_in: checkIn, check_out: checkOut } = body;
  const length = stayLength(checkIn, checkOut);
  if (!length.ok) return length;
  if (daysBetween(earliestToday(now), checkIn) < 0) {
    return err("DATE_IN_PAST", `Check-in ${checkIn} is in the past everywhere.`, { field: "check_in" });
  }
  if (daysBetween(latestToday(now), checkOut) - 1 > STAY_LIMITS.maxDaysAhead) {
    return err(
      "DATE_TOO_FAR",
      `Stays can be booked up to ${STAY_LIMITS.maxDaysAhead} days ahead; the last night of this one is further.`,
      { field: "check_out" },
    );
  }
  const party = checkParty(body);
  if (!party.ok) return party;
  return ok({
    unitId: body.property_id,
    lines: nightsOf(checkIn, checkOut).map((night) => ({
      pool: poolName(body.room_type_id, night),
      quantity: body.rooms,
    })),
    context: { adults: body.adults, children: body.children },
  });
}

/**
 * A stay's own fields of the Hold response, read back from the hold's lines (nights in order) and
 * context, so they are the same whichever request or operator change produced them.
 */
export function stayHoldFields(hold: HoldView): StayHoldFields {
  const nights = hold.lines.flatMap((line) => {
    const pool = parsePool(line.pool);
    return pool ? [{ ...pool, line }] : [];
  });
  nights.sort((a, b) => (a.night < b.night ? -1 : 1));
  const first = nights[0];
  const last = nights.at(-1);
  const money = (amount_minor: number) => ({ amount_minor, currency: hold.currency });
  const count = (v: unknown) => (typeof v === "number" ? v : 0);
  return {
    property_id: hold.unitId,
    room_type_id: first?.roomTypeId ?? "",
    check_in: first?.night ?? "",
    check_out: last ? addDays(last.night, 1) : "",
    nights: nights.length,
    rooms: first?.line.quantity ?? 0,
    adults: count(hold.context.adults),
    children: count(hold.context.children),
    nightly: nights.map((n) => ({ date: n.night, price: money(n.line.unitPriceMinor) })),
    total_price: money(hold.totalMinor),
  };
}
