import { hash32 } from "../../../lib/prng.ts";
import { CITIES, type City } from "../../../places/cities.ts";
import { countryProfile } from "../../../places/countries.ts";
import type { VenueKind } from "../model.ts";
import { PRODUCTIONS, TEAM_NICKNAMES } from "./names.ts";
import { personName } from "./people.ts";
import { type EventPlan, isWeekend, NOT_REFUNDABLE, type PlanContext, popularity, tier } from "./plan.ts";

/** Refund in full up to a week ahead, half up to two days ahead: the usual box-office rule. */
const THEATRE_REFUNDS = [
  { hours_before: 168, refund_bps: 10_000 },
  { hours_before: 48, refund_bps: 5_000 },
];

/** A public-domain play, opera or ballet staged by the city's company; weekend matinees. */
export function planTheatre(ctx: PlanContext): EventPlan | null {
  const { rng, city } = ctx;
  const venue = ctx.takeVenue(["theatre"]);
  if (!venue) return null;
  const [title, kind, author] = rng.pick(PRODUCTIONS);
  const company = {
    play: `${city.name} Repertory Company`,
    opera: `${city.name} Opera`,
    ballet: `${city.name} Ballet`,
  }[kind];
  const lead = personName(rng, ctx.continent);
  const matinee = isWeekend(ctx.weekday) && rng.next() < 0.3;
  return {
    category: "theatre",
    name: title,
    performers: [company, lead],
    description: `${author}'s ${kind} in a new staging by the ${company}, with ${lead}.`,
    venue,
    startMinutes: matinee ? 14 * 60 + 30 : 19 * 60 + 30,
    durationMinutes: { play: 150, opera: 180, ballet: 130 }[kind],
    popularity: popularity(rng, 35 + 25 * rng.next() + (kind === "opera" ? 5 : 0)),
    priceFactor: kind === "opera" ? 1.6 : 1,
    tiers: [
      tier("tier_stalls", "Stalls", 0.45, 55, 10, THEATRE_REFUNDS),
      tier("tier_dress_circle", "Dress circle", 0.3, 45, 10, THEATRE_REFUNDS),
      tier("tier_upper_circle", "Upper circle", 0.2, 28, 10, THEATRE_REFUNDS),
    ],
  };
}

type Discipline = "football" | "basketball" | "rugby" | "cricket" | "baseball" | "ice hockey";

const SPORTS: Record<string, readonly Discipline[]> = {
  US: ["basketball", "baseball", "ice hockey", "football"],
  CA: ["ice hockey", "basketball"],
  IN: ["cricket", "football"],
  AU: ["rugby", "cricket", "football"],
  NZ: ["rugby"],
  FJ: ["rugby"],
  ZA: ["rugby", "football", "cricket"],
  GB: ["football", "football", "rugby"],
  IE: ["rugby", "football"],
  FR: ["football", "rugby"],
  JP: ["baseball", "football"],
  KR: ["baseball", "football"],
  TW: ["baseball", "basketball"],
};
const DEFAULT_SPORTS: readonly Discipline[] = ["football", "football", "basketball"];

const INDOOR: ReadonlySet<Discipline> = new Set(["basketball", "ice hockey"]);

/** A city's team in a discipline keeps its nickname whatever the seed: "Lyon Falcons". */
function team(city: City, discipline: Discipline): string {
  return `${city.name} ${TEAM_NICKNAMES[hash32(`${city.code}|${discipline}`) % TEAM_NICKNAMES.length]}`;
}

function opponent(ctx: PlanContext): City {
  const others = CITIES.filter((c) => c.code !== ctx.city.code);
  const national = others.filter((c) => c.country === ctx.city.country);
  if (national.length > 0 && ctx.rng.next() < 0.8) return ctx.rng.pick(national);
  const continental = others.filter((c) => countryProfile(c.country).continent === ctx.continent);
  return ctx.rng.pick(continental.length > 0 ? continental : others);
}

const START: Record<Discipline, { weekday: number; weekend: number; minutes: number }> = {
  football: { weekday: 19 * 60 + 45, weekend: 15 * 60, minutes: 120 },
  rugby: { weekday: 19 * 60 + 45, weekend: 15 * 60, minutes: 120 },
  basketball: { weekday: 19 * 60 + 30, weekend: 17 * 60 + 30, minutes: 150 },
  "ice hockey": { weekday: 19 * 60, weekend: 17 * 60, minutes: 150 },
  baseball: { weekday: 18 * 60 + 30, weekend: 13 * 60, minutes: 180 },
  cricket: { weekday: 11 * 60, weekend: 11 * 60, minutes: 420 },
};

/** A home match of the city's team against a team from the same country (or continent). */
export function planSport(ctx: PlanContext): EventPlan | null {
  const { rng, city } = ctx;
  const discipline = rng.pick(SPORTS[city.country] ?? DEFAULT_SPORTS);
  const rooms: readonly VenueKind[] = INDOOR.has(discipline) ? ["arena", "stadium"] : ["stadium"];
  const venue = ctx.takeVenue(rooms);
  if (!venue) return null;
  const home = team(city, discipline);
  const away = team(opponent(ctx), discipline);
  const start = START[discipline];
  const weekend = isWeekend(ctx.weekday);
  const label = discipline[0]?.toUpperCase() + discipline.slice(1);
  return {
    category: "sport",
    name: `${home} vs ${away}`,
    performers: [home, away],
    description: `${label} match at ${venue.name}.`,
    venue,
    startMinutes: weekend ? start.weekend : start.weekday,
    durationMinutes: start.minutes,
    popularity: popularity(rng, 45 + 35 * rng.next() + (weekend ? 8 : 0) + (ctx.tier === 1 ? 5 : 0)),
    priceFactor: discipline === "cricket" || discipline === "baseball" ? 0.7 : 1,
    tiers: [
      tier("tier_standard", "Standard", 0.7, 35, 6, NOT_REFUNDABLE),
      tier("tier_premium", "Premium", 0.2, 70, 6, NOT_REFUNDABLE),
      tier("tier_hospitality", "Hospitality", 0.005, 220, 4, NOT_REFUNDABLE),
    ],
  };
}
