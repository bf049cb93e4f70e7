import type { Rng } from "../../../lib/prng.ts";
import type { CountryProfile } from "../../../places/countries.ts";
import type { Route } from "./network.ts";

/** Same values as the schema's CABINS (the seed test checks the rows against the drizzle types). */
export type Cabin = "economy" | "premium" | "business" | "standard" | "first";

export interface FareTemplate {
  cabin: Cabin;
  capacity: number;
  /** Price in euros far ahead of departure, before the day's adjustments. */
  baseEur: number;
}

const PREMIUM_FROM_KM = 2500;

function flightFares(km: number, tierSum: number): FareTemplate[] {
  // Tapering per-km rate: short hops are dear per kilometre, long hauls cheap.
  const economy = 30 + 0.1 * Math.min(km, 1500) + 0.05 * Math.max(0, km - 1500);
  if (km >= PREMIUM_FROM_KM) {
    const wide = km >= 7000;
    return [
      { cabin: "economy", capacity: wide ? 260 : 230, baseEur: economy },
      { cabin: "premium", capacity: wide ? 40 : 28, baseEur: economy * 1.9 },
      { cabin: "business", capacity: wide ? 42 : 30, baseEur: economy * 4 },
    ];
  }
  const regional = km < 1000 && tierSum >= 5;
  return [
    { cabin: "economy", capacity: regional ? 70 : 150, baseEur: economy },
    { cabin: "business", capacity: regional ? 8 : 12, baseEur: economy * 2.5 },
  ];
}

/**
 * The classes a service sells, by mode: flights economy/business plus premium economy on long
 * hauls (from 2,500 km); rail standard/first; buses standard; ferries standard/first.
 */
export function fareTemplates(route: Route, km: number, tierSum: number, highSpeed: boolean): FareTemplate[] {
  switch (route.mode) {
    case "flight":
      return flightFares(km, tierSum);
    case "rail": {
      const standard = (8 + 0.13 * km) * (highSpeed ? 1.2 : 1);
      return [
        { cabin: "standard", capacity: highSpeed ? 420 : 260, baseEur: standard },
        { cabin: "first", capacity: highSpeed ? 90 : 40, baseEur: standard * 1.7 },
      ];
    }
    case "bus":
      return [{ cabin: "standard", capacity: 50, baseEur: 5 + 0.05 * km }];
    case "ferry": {
      const standard = 15 + 0.12 * km;
      return [
        { cabin: "standard", capacity: route.ferry?.standardSeats ?? 800, baseEur: standard },
        { cabin: "first", capacity: route.ferry?.firstSeats ?? 80, baseEur: standard * 1.8 },
      ];
    }
  }
}

export interface PriceContext {
  daysAhead: number;
  localHour: number;
  rng: Rng;
  currency: CountryProfile;
}

/**
 * Integer price in the currency's minor unit. Dearer close to departure (up to ×1.9 on the day),
 * at peak hours (×1.15), with ±10 % noise; rounded to a whole "nice" step of the currency
 * (1 EUR, 100 JPY, 10,000 VND), never below one step.
 */
export function priceMinor(baseEur: number, ctx: PriceContext): number {
  const urgency = 1 + 0.9 * Math.exp(-ctx.daysAhead / 7);
  const peak = (ctx.localHour >= 7 && ctx.localHour < 9) || (ctx.localHour >= 17 && ctx.localHour < 19) ? 1.15 : 1;
  const noise = 0.9 + ctx.rng.next() * 0.2;
  const local = baseEur * urgency * peak * noise * ctx.currency.perEur;
  const step = 10 ** Math.max(0, Math.floor(Math.log10(ctx.currency.perEur)));
  const major = Math.max(step, Math.round(local / step) * step);
  return Math.round(major * 10 ** ctx.currency.minorDigits);
}
