import type { Rng } from "../../../lib/prng.ts";
import type { City } from "../../../places/cities.ts";
import type { Continent } from "../../../places/countries.ts";
import type { EventCategory, RefundRule, VenueKind } from "../model.ts";
import type { Act } from "./people.ts";
import type { VenueRow } from "./types.ts";

/** What a category planner knows about the city-day it fills. */
export interface PlanContext {
  rng: Rng;
  city: City;
  tier: 1 | 2 | 3;
  continent: Continent;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  acts: ReadonlyMap<Continent, readonly Act[]>;
  /** A venue of one of these kinds (in order of preference) that has no event yet today; it is then taken. */
  takeVenue(kinds: readonly VenueKind[]): VenueRow | null;
}

/** One tier before it is priced and sized: share of the venue, or a fixed capacity. */
export interface TierPlan {
  tierId: string;
  name: string;
  capacity: { share: number } | { seats: number };
  /** Price in euros before the city's level, the event's noise and the currency. */
  eur: number;
  maxPerOrder: number;
  refund: RefundRule[];
  /** Days before the start when this tier stops selling (early-bird offers); null: with the event. */
  closesDaysBefore?: number;
}

export interface EventPlan {
  category: EventCategory;
  name: string;
  performers: string[];
  description: string;
  venue: VenueRow;
  /** Local minutes after midnight. */
  startMinutes: number;
  durationMinutes: number;
  popularity: number;
  /** Multiplies every tier's price (a famous act, an opera). */
  priceFactor: number;
  tiers: TierPlan[];
}

export type Planner = (ctx: PlanContext) => EventPlan | null;

export const isWeekend = (weekday: number) => weekday === 0 || weekday === 6;

/** 0–100, rounded, with a little noise so equal plans do not tie. */
export function popularity(rng: Rng, base: number): number {
  return Math.max(0, Math.min(100, Math.round(base + (rng.next() - 0.5) * 10)));
}

export const NOT_REFUNDABLE: RefundRule[] = [];
export const fullRefundUntil = (hours: number): RefundRule[] => [{ hours_before: hours, refund_bps: 10_000 }];

/** A tier sized as a share of the venue. */
export function tier(
  tierId: string,
  name: string,
  share: number,
  eur: number,
  maxPerOrder: number,
  refund: RefundRule[] = NOT_REFUNDABLE,
): TierPlan {
  return { tierId, name, capacity: { share }, eur, maxPerOrder, refund };
}
