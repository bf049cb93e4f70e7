import { minorDigits } from "../../../lib/currency.ts";
import type { Rng } from "../../../lib/prng.ts";
import { countryProfile } from "../../../places/countries.ts";
import type { PropertyType } from "../config.ts";
import type { Season } from "../schema/room-types.ts";
import { LEISURE_CITIES, priceLevelEur } from "./markets.ts";

const STAR_FACTOR = [0, 0.45, 0.65, 1, 1.5, 2.6] as const;
const TYPE_FACTOR: Record<PropertyType, number> = { hotel: 1, hostel: 1, apartment: 1.1, guesthouse: 0.8, resort: 1.3 };
const TIER_FACTOR = { 1: 1.25, 2: 1, 3: 0.85 } as const;

/**
 * A base nightly rate in minor units of the country's currency: a whole "nice" step of it (1 EUR,
 * 100 JPY, 10,000 VND), like the departures seed's fares, never below one step.
 */
export function baseRateMinor(eur: number, country: string): number {
  const money = countryProfile(country);
  const step = 10 ** Math.max(0, Math.floor(Math.log10(money.perEur)));
  const major = Math.max(step, Math.round((eur * money.perEur) / step) * step);
  return Math.round(major * 10 ** minorDigits(money.currency));
}

/** The standard room's euro price at a property, before the room type's factor and noise. */
export function propertyEur(country: string, tier: 1 | 2 | 3, stars: number, type: PropertyType): number {
  return priceLevelEur(country) * TIER_FACTOR[tier] * (STAR_FACTOR[stars] ?? 1) * TYPE_FACTOR[type];
}

/** Sunday first. Business hotels empty at weekends; leisure stays fill them. */
const BUSINESS_WEEK = [90, 100, 105, 105, 100, 92, 95];
const LEISURE_WEEK = [95, 90, 90, 90, 100, 120, 125];

export function weekdayPct(rng: Rng, city: string, type: PropertyType): number[] {
  const leisure = LEISURE_CITIES.has(city) || type === "resort" || (type !== "hotel" && rng.next() < 0.5);
  return [...(leisure ? LEISURE_WEEK : BUSINESS_WEEK)];
}

/**
 * Seasons by climate: northern summer and the year's end; southern summer; the tropics' dry
 * season. Each property's peaks differ a little (±5 points).
 */
export function seasons(rng: Rng, centreLat: number): Season[] {
  const jitter = () => 5 * rng.int(-1, 1);
  if (Math.abs(centreLat) < 23.5) {
    return [
      { from: "12-15", to: "04-15", pct: 120 + jitter() },
      { from: "05-15", to: "09-30", pct: 85 + jitter() },
    ];
  }
  if (centreLat < 0) {
    return [
      { from: "12-15", to: "02-29", pct: 130 + jitter() },
      { from: "06-01", to: "08-31", pct: 85 + jitter() },
    ];
  }
  return [
    { from: "06-15", to: "08-31", pct: 130 + jitter() },
    { from: "12-20", to: "01-03", pct: 125 + jitter() },
    { from: "01-07", to: "03-15", pct: 85 + jitter() },
  ];
}

/** Free cancellation days before check-in (null: non-refundable) and the penalty after, by property type. */
export function cancellation(rng: Rng, type: PropertyType): { days: number | null; penaltyPct: number } {
  const roll = rng.next();
  switch (type) {
    case "hotel":
      if (roll < 0.45) return { days: 1, penaltyPct: 100 };
      if (roll < 0.65) return { days: 2, penaltyPct: 100 };
      if (roll < 0.8) return { days: 3, penaltyPct: 50 };
      return { days: null, penaltyPct: 100 };
    case "hostel":
      return roll < 0.8 ? { days: rng.int(1, 2), penaltyPct: 100 } : { days: null, penaltyPct: 100 };
    case "apartment":
      return { days: rng.pick([7, 14, 30]), penaltyPct: rng.pick([50, 100]) };
    case "guesthouse":
      return { days: rng.pick([2, 3, 7]), penaltyPct: rng.pick([50, 100]) };
    case "resort":
      return roll < 0.1
        ? { days: null, penaltyPct: 100 }
        : { days: rng.pick([7, 14, 30]), penaltyPct: rng.pick([50, 100]) };
  }
}

/** Minimum stay and closed-to-arrival weekdays (bit 0 Sunday), by property type. */
export function stayRules(rng: Rng, type: PropertyType): { minStay: number; closedToArrival: number } {
  const roll = rng.next();
  switch (type) {
    case "hotel":
      return { minStay: 1, closedToArrival: roll < 0.05 ? 1 << 6 : 0 };
    case "hostel":
      return { minStay: 1, closedToArrival: 0 };
    case "guesthouse":
      return { minStay: roll < 0.2 ? 2 : 1, closedToArrival: rng.next() < 0.1 ? 1 : 0 };
    case "apartment":
      return { minStay: roll < 0.2 ? 1 : roll < 0.7 ? 2 : 3, closedToArrival: rng.next() < 0.2 ? 1 : 0 };
    case "resort":
      return { minStay: roll < 0.4 ? 1 : roll < 0.8 ? 2 : 3, closedToArrival: rng.next() < 0.25 ? 0b11 : 0 };
  }
}
