import { type Rng, streamFor } from "../../../lib/prng.ts";
import type { VenueKind } from "../model.ts";
import { COMPOSERS } from "./names.ts";
import type { Act } from "./people.ts";
import { personName } from "./people.ts";
import {
  type EventPlan,
  fullRefundUntil,
  isWeekend,
  NOT_REFUNDABLE,
  type PlanContext,
  popularity,
  type TierPlan,
  tier,
} from "./plan.ts";

/** Tiers by the kind of room an act plays; shares of the venue's capacity. */
const CONCERT_TIERS: Partial<Record<VenueKind, TierPlan[]>> = {
  arena: [
    tier("tier_ga", "General admission (standing)", 0.4, 55, 8),
    tier("tier_seated", "Seated", 0.4, 75, 8),
    tier("tier_premium", "Premium seated", 0.1, 120, 6),
    tier("tier_vip", "VIP package", 0.02, 260, 4, fullRefundUntil(168)),
  ],
  stadium: [
    tier("tier_ga", "Pitch standing", 0.45, 70, 8),
    tier("tier_seated", "Seated", 0.45, 90, 8),
    tier("tier_vip", "VIP package", 0.01, 300, 4, fullRefundUntil(168)),
  ],
  concert_hall: [
    tier("tier_stalls", "Stalls", 0.5, 45, 10),
    tier("tier_circle", "Circle", 0.35, 35, 10),
    tier("tier_box", "Box seats", 0.04, 90, 4, fullRefundUntil(48)),
  ],
  club: [tier("tier_ga", "General admission", 0.9, 22, 6)],
};

const EARLY_BIRD: TierPlan = {
  tierId: "tier_early_bird",
  name: "Early bird",
  capacity: { share: 0.05 },
  eur: 0,
  maxPerOrder: 4,
  refund: NOT_REFUNDABLE,
  closesDaysBefore: 21,
};

/** "The Velvet Foxes play", "Nova Reyes plays". */
const verb = (act: Act, singular: string, plural: string) => (act.kind === "band" ? plural : singular);

function roomsFor(act: Act): readonly VenueKind[] {
  if (act.kind === "dj") return ["club"];
  if (act.kind === "trio") return ["club", "concert_hall"];
  if (act.fame > 0.8) return ["stadium", "arena", "concert_hall"];
  if (act.fame > 0.45) return ["arena", "concert_hall", "club"];
  if (act.fame > 0.15) return ["concert_hall", "club"];
  return ["club", "concert_hall"];
}

function pickAct(ctx: PlanContext, rng: Rng): Act | undefined {
  // Mostly acts from the same continent; some tour the world.
  const continents = [...ctx.acts.keys()];
  const continent = rng.next() < 0.75 ? ctx.continent : rng.pick(continents);
  const acts = ctx.acts.get(continent) ?? [];
  return acts.length > 0 ? rng.pick(acts) : undefined;
}

function orchestra(ctx: PlanContext): EventPlan | null {
  const { rng, city } = ctx;
  const venue = ctx.takeVenue(["concert_hall"]);
  if (!venue) return null;
  const [a, b] = [rng.pick(COMPOSERS), rng.pick(COMPOSERS)];
  const programme = a === b ? a : `${a} and ${b}`;
  const band = `${city.name} Philharmonic Orchestra`;
  const conductor = personName(rng, ctx.continent);
  return {
    category: "concert",
    name: `${city.name} Philharmonic: ${programme}`,
    performers: [band, conductor],
    description: `${band} plays ${programme}, conducted by ${conductor}.`,
    venue,
    startMinutes: 19 * 60 + 30,
    durationMinutes: 120,
    popularity: popularity(rng, 40 + (isWeekend(ctx.weekday) ? 5 : 0)),
    priceFactor: 1,
    tiers: (CONCERT_TIERS.concert_hall ?? []).map((t) => ({ ...t, refund: fullRefundUntil(48) })),
  };
}

/** A touring act (with a support act now and then) or, one time in five, the city's orchestra. */
export function planConcert(ctx: PlanContext): EventPlan | null {
  const { rng } = ctx;
  if (rng.next() < 0.2) return orchestra(ctx);
  const act = pickAct(ctx, rng);
  if (!act) return null;
  const venue = ctx.takeVenue(roomsFor(act));
  if (!venue) return null;
  const support = rng.next() < 0.3 ? pickAct(ctx, streamFor(rng.int(0, 2 ** 30), act.name)) : undefined;
  const performers = support && support.name !== act.name ? [act.name, support.name] : [act.name];
  const club = venue.kind === "club";
  const tiers = [...(CONCERT_TIERS[venue.kind] ?? [])];
  // An early-bird allocation at a fifth off the cheapest tier, closing three weeks out.
  if (!club && rng.next() < 0.4)
    tiers.push({ ...EARLY_BIRD, eur: Math.round(0.8 * Math.min(...tiers.map((t) => t.eur))) });
  return {
    category: "concert",
    name: club ? `${act.name} live` : `${act.name}: ${act.tour} Tour`,
    performers,
    description: club
      ? `${act.name} ${verb(act, "plays", "play")} a late set${performers[1] ? ` with ${performers[1]} opening` : ""}.`
      : `${act.name} ${verb(act, "brings", "bring")} the ${act.tour} Tour to ${venue.name}${performers[1] ? `, with ${performers[1]} in support` : ""}.`,
    venue,
    startMinutes: club ? 21 * 60 : 20 * 60,
    durationMinutes: club ? 180 : 150,
    popularity: popularity(rng, 25 + 65 * act.fame + (isWeekend(ctx.weekday) ? 5 : 0)),
    priceFactor: 0.8 + 0.8 * act.fame,
    tiers,
  };
}
