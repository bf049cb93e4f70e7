import { type Rng, stableId, streamFor } from "../../../lib/prng.ts";
import { addDays, createLocalClock, dateToEpoch, weekday } from "../../../lib/time.ts";
import { CITIES, type City } from "../../../places/cities.ts";
import { cityProfile } from "../../../places/city-profiles.ts";
import { type Continent, type CountryProfile, countryProfile } from "../../../places/countries.ts";
import type { EventCategory, VenueKind } from "../model.ts";
import { type Act, generateActs } from "./people.ts";
import type { EventPlan, PlanContext, Planner } from "./plan.ts";
import { planDinner, planTour } from "./plan-local.ts";
import { planConcert } from "./plan-music.ts";
import { planSport, planTheatre } from "./plan-stage.ts";
import type { EventSeedOptions, GeneratedEvent, TierRow, VenueRow } from "./types.ts";

/** Events per city-day by city tier before the weekday factor: a hub has a few every night. */
const RATE_BY_TIER = { 1: 4.2, 2: 2.1, 3: 0.95 } as const;
/** Sunday … Saturday: Friday and Saturday are the busiest nights, Monday the quietest. */
export const WEEKDAY_FACTOR = [1.1, 0.6, 0.75, 0.9, 1.05, 1.4, 1.6] as const;
const PLANNERS: readonly (readonly [Planner, number])[] = [
  [planConcert, 30],
  [planTheatre, 22],
  [planSport, 12],
  [planTour, 20],
  [planDinner, 16],
];
/** Sales stop this many minutes before the start: dinners a day ahead, for the kitchen. */
export const SALES_CLOSE_BEFORE_MINUTES: Record<EventCategory, number> = {
  concert: 60,
  theatre: 60,
  sport: 60,
  tour: 120,
  dinner: 24 * 60,
};
const PRICE_LEVEL = { 1: 1.15, 2: 1, 3: 0.85 } as const;
/** Share of events announced but not on sale yet on the seed's first day. */
const ON_SALE_SOON = 0.06;
const CANCELLED = 0.01;

/** Doors open an hour before concerts and matches, half an hour before a play; tours and dinners have none. */
const DOORS_BEFORE_MINUTES: Record<EventCategory, number | null> = {
  concert: 60,
  sport: 60,
  theatre: 30,
  tour: null,
  dinner: null,
};

function doorsOpenAt(category: EventCategory, startsAt: number): number | null {
  const minutes = DOORS_BEFORE_MINUTES[category];
  return minutes === null ? null : startsAt - minutes * 60;
}

/** Whole units of a "nice" step of the currency (1 EUR, 100 JPY), in its minor unit. */
export function localPriceMinor(eur: number, currency: CountryProfile): number {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(currency.perEur)));
  const major = Math.max(step, Math.round((eur * currency.perEur) / step) * step);
  return Math.round(major * 10 ** currency.minorDigits);
}

function pickPlanner(rng: Rng): Planner {
  let roll = rng.next() * PLANNERS.reduce((sum, [, w]) => sum + w, 0);
  for (const [planner, weight] of PLANNERS) {
    roll -= weight;
    if (roll < 0) return planner;
  }
  return planConcert;
}

function checkOptions({ seed, startDate, days }: EventSeedOptions): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate) || Number.isNaN(dateToEpoch(startDate))) {
    throw new RangeError(`startDate must be YYYY-MM-DD, got ${startDate}`);
  }
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
}

interface CityContext {
  city: City;
  tier: 1 | 2 | 3;
  money: CountryProfile;
  venues: ReadonlyMap<VenueKind, readonly VenueRow[]>;
}

function cityContexts(venues: readonly VenueRow[]): CityContext[] {
  return CITIES.map((city) => {
    const byKind = new Map<VenueKind, VenueRow[]>();
    for (const v of venues) if (v.cityCode === city.code) byKind.set(v.kind, [...(byKind.get(v.kind) ?? []), v]);
    return { city, tier: cityProfile(city.code).tier, money: countryProfile(city.country), venues: byKind };
  });
}

/**
 * Every event of the window with its tiers, city-day by city-day. Deterministic: each city-day
 * draws from its own stream, so the same options give the same rows and a window that moves by
 * a day keeps the events of the days it shares. An event's id is its city, date and position
 * that day, so re-seeding (even with another seed) overwrites rather than adds.
 */
export function* generateEvents(options: EventSeedOptions, venues: readonly VenueRow[]): Generator<GeneratedEvent> {
  checkOptions(options);
  const { seed, startDate, days } = options;
  const acts = generateActs(seed);
  const cities = cityContexts(venues);
  const toUtc = createLocalClock();
  const updatedAt = dateToEpoch(startDate);
  for (let day = 0; day < days; day++) {
    const date = addDays(startDate, day);
    const dow = weekday(date);
    for (const c of cities) {
      const rng = streamFor(seed, `events|${c.city.code}|${date}`);
      const count = Math.floor(RATE_BY_TIER[c.tier] * (WEEKDAY_FACTOR[dow] ?? 1) + rng.next());
      const ctx = planContext(c, rng, dow, acts);
      for (let n = 0; n < count; n++) {
        const plan = pickPlanner(rng)(ctx) ?? pickPlanner(rng)(ctx);
        if (!plan) continue;
        const id = stableId("evt", `${c.city.code}|${date}|${n}`);
        yield buildEvent({ id, plan, city: c, date, day, rng, startDate, toUtc, updatedAt });
      }
    }
  }
}

function planContext(c: CityContext, rng: Rng, dow: number, acts: ReadonlyMap<Continent, readonly Act[]>): PlanContext {
  const taken = new Set<string>();
  return {
    rng,
    city: c.city,
    tier: c.tier,
    continent: c.money.continent,
    weekday: dow,
    acts,
    takeVenue: (kinds) => {
      for (const kind of kinds) {
        const free = (c.venues.get(kind) ?? []).find((v) => !taken.has(v.id));
        if (free) {
          taken.add(free.id);
          return free;
        }
      }
      return null;
    },
  };
}

interface BuildInput {
  id: string;
  plan: EventPlan;
  city: CityContext;
  date: string;
  day: number;
  rng: Rng;
  startDate: string;
  toUtc: (timeZone: string, date: string, minutes: number) => number;
  updatedAt: number;
}

function buildEvent({ id, plan, city, date, day, rng, startDate, toUtc, updatedAt }: BuildInput): GeneratedEvent {
  const tz = city.city.timezone;
  const startsAt = toUtc(tz, date, plan.startMinutes);
  // Most events went on sale weeks ago; a few are announced and open in the next days (10:00 local).
  const openDate =
    day >= 3 && rng.next() < ON_SALE_SOON
      ? addDays(startDate, rng.int(1, Math.min(10, day - 2)))
      : addDays(date, -rng.int(40, 150));
  const salesOpenAt = toUtc(tz, openDate, 10 * 60);
  const salesCloseAt = startsAt - SALES_CLOSE_BEFORE_MINUTES[plan.category] * 60;
  const level = PRICE_LEVEL[city.tier] * plan.priceFactor * (0.9 + rng.next() * 0.2);
  const tiers: TierRow[] = [];
  for (const t of plan.tiers) {
    const capacity =
      "seats" in t.capacity
        ? t.capacity.seats
        : Math.max(t.maxPerOrder, Math.floor(t.capacity.share * plan.venue.capacity));
    const closesAt = t.closesDaysBefore === undefined ? null : startsAt - t.closesDaysBefore * 86_400;
    // An early-bird window that would not be open for a full day is left out.
    if (closesAt !== null && closesAt < salesOpenAt + 86_400) continue;
    tiers.push({
      eventId: id,
      tierId: t.tierId,
      position: tiers.length,
      name: t.name,
      capacity,
      priceMinor: localPriceMinor(t.eur * level, city.money),
      maxPerOrder: Math.min(t.maxPerOrder, capacity),
      salesOpenAt: null,
      salesCloseAt: closesAt,
      refundPolicy: t.refund,
      remaining: capacity,
      updatedAt,
    });
  }
  return {
    event: {
      id,
      name: plan.name,
      category: plan.category,
      performers: plan.performers,
      description: plan.description,
      venueId: plan.venue.id,
      cityCode: city.city.code,
      localDate: date,
      startsAt,
      doorsOpenAt: doorsOpenAt(plan.category, startsAt),
      endsAt: startsAt + plan.durationMinutes * 60,
      timezone: tz,
      currency: city.money.currency,
      status: rng.next() < CANCELLED ? "cancelled" : "scheduled",
      salesOpenAt,
      salesCloseAt,
      popularity: plan.popularity,
      updatedAt,
    },
    tiers,
  };
}
