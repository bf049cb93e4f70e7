import type { PoolDefinition } from "../../../inventory/contract";
import { addDays } from "../../../lib/time";
import { STAY_LIMITS } from "../config";
import { localMidnightMs, refundSteps } from "../rules/refund";
import { type NightFactsSet, type RoomTypeRow, ruleNight } from "./nights";
import { poolName } from "./pools";

/**
 * One room type on one night as the property's inventory object sells it. The object owns the
 * counts, so capacity is the room count, never what it published. The night is sold until it
 * ends at the property (a same-day arrival can still be held in the evening; a hold expires by
 * then at the latest) and bookable from `maxDaysAhead` days before (checkHold says DATE_TOO_FAR).
 * A closed night stays a pool (its sold rooms must stay counted) flagged `closed`; checkHold refuses it.
 *
 * The refund policy is the rate's policy for a stay arriving on this night: a stay's lines are
 * nights of one rate, and the stay's terms are its first night's (describe.ts takes them from there).
 */
export function poolDefinition(facts: NightFactsSet, roomType: RoomTypeRow, night: string): PoolDefinition {
  const { property } = facts;
  const state = ruleNight(facts, roomType, night);
  const tz = property.timezone;
  return {
    pool: poolName(roomType.id, night),
    capacity: roomType.roomCount,
    priceMinor: state.priceMinor,
    label: `${roomType.name}, night of ${night}`,
    salesOpenAt: null,
    salesCloseAt: localMidnightMs(addDays(night, 1), tz),
    maxPerHold: STAY_LIMITS.maxRooms,
    refundPolicy: refundSteps(
      { freeCancellationDays: roomType.freeCancellationDays, penaltyPct: roomType.cancellationPenaltyPct },
      night,
      tz,
    ),
    attrs: {
      roomTypeId: roomType.id,
      roomTypeName: roomType.name,
      night,
      minStay: state.minStay,
      closed: state.closed,
      closedToArrival: state.closedToArrival,
      maxAdults: roomType.maxAdults,
      maxChildren: roomType.maxChildren,
      bookableFrom: localMidnightMs(addDays(night, -STAY_LIMITS.maxDaysAhead), tz),
    },
  };
}
