import { nightWeekday, type RateRules, ruleRateMinor } from "./rates.ts";

/** A room type's rules that decide one night, besides its rate. */
export interface NightRules extends RateRules {
  roomCount: number;
  minStay: number;
  /** Bit 0 Sunday … bit 6 Saturday. */
  closedToArrival: number;
}

/** What D1 knows about one room type on one night besides its rules. */
export interface NightFacts {
  /** The inventory object's advisory numbers; absent when it never published this night. */
  published: { roomsLeft: number; priceMinor: number | null } | null;
  /** The newest operator override covering the night that sets a price (a minimum stay). */
  overridePriceMinor: number | null;
  overrideMinStay: number | null;
  /** A `closed` (a `no_arrival`) closure of the property or of the room type covers the night. */
  closed: boolean;
  noArrival: boolean;
}

/** One room type on one night, as search, the calendar and a hold see it. */
export interface NightState {
  roomsLeft: number;
  priceMinor: number;
  minStay: number;
  closed: boolean;
  closedToArrival: boolean;
}

/**
 * Precedence: the object's published price (it is what a hold will lock) over an operator
 * override over the rules; rooms left as published, else the full room count.
 */
export function resolveNight(rules: NightRules, night: string, currency: string, facts: NightFacts): NightState {
  return {
    roomsLeft: Math.max(0, facts.published?.roomsLeft ?? rules.roomCount),
    priceMinor: facts.published?.priceMinor ?? facts.overridePriceMinor ?? ruleRateMinor(rules, night, currency),
    minStay: facts.overrideMinStay ?? rules.minStay,
    closed: facts.closed,
    closedToArrival: facts.noArrival || ((rules.closedToArrival >> nightWeekday(night)) & 1) === 1,
  };
}

export interface Dated {
  createdAt: number;
  id: string;
}

/** The newest of several overlapping changes that sets `pick` (newest by creation time, then id). */
export function newestValue<T extends Dated, V>(rows: readonly T[], pick: (row: T) => V | null): V | null {
  let best: T | null = null;
  let value: V | null = null;
  for (const row of rows) {
    const v = pick(row);
    if (v === null) continue;
    if (!best || row.createdAt > best.createdAt || (row.createdAt === best.createdAt && row.id > best.id)) {
      best = row;
      value = v;
    }
  }
  return value;
}
