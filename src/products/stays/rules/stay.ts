import type { NightState } from "./night.ts";

export type StayRefusal = "closed" | "not_enough_rooms" | "closed_to_arrival" | "min_stay";

export type StayVerdict =
  | { ok: true; nightlyMinor: number[]; roomsLeft: number }
  | { ok: false; reason: StayRefusal; night: number };

/**
 * Whether a room type can be sold for a stay, given its state on each night in order: every night
 * open with enough rooms; the arrival night not closed to arrival; the stay at least as long as
 * the arrival night's minimum stay. The price is the sum of the nightly prices, per room.
 */
export function judgeStay(nights: readonly NightState[], rooms: number): StayVerdict {
  const first = nights[0];
  if (!first) return { ok: false, reason: "min_stay", night: 0 };
  if (first.closedToArrival) return { ok: false, reason: "closed_to_arrival", night: 0 };
  if (nights.length < first.minStay) return { ok: false, reason: "min_stay", night: 0 };
  let roomsLeft = Number.POSITIVE_INFINITY;
  const nightlyMinor: number[] = [];
  for (const [i, night] of nights.entries()) {
    if (night.closed) return { ok: false, reason: "closed", night: i };
    if (night.roomsLeft < rooms) return { ok: false, reason: "not_enough_rooms", night: i };
    roomsLeft = Math.min(roomsLeft, night.roomsLeft);
    nightlyMinor.push(night.priceMinor);
  }
  return { ok: true, nightlyMinor, roomsLeft };
}
