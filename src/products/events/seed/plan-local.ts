import { DINNER_TABLE_SEATS } from "../model.ts";
import { DINNER_THEMES, TOUR_THEMES } from "./names.ts";
import { personName } from "./people.ts";
import { type EventPlan, fullRefundUntil, isWeekend, type PlanContext, popularity, type TierPlan } from "./plan.ts";

/** A guided walk (or ride) from a meeting point, for one small group; food tours sell a tasting tier. */
export function planTour(ctx: PlanContext): EventPlan | null {
  const { rng, city } = ctx;
  const venue = ctx.takeVenue(["meeting_point"]);
  if (!venue) return null;
  const [theme, { tasting, evening }] = rng.pick(TOUR_THEMES);
  const guide = personName(rng, ctx.continent);
  // The group and the tasting places together fit the meeting point's limit.
  const group = Math.min(venue.capacity - (tasting ? 6 : 0), rng.int(12, 20));
  const tiers: TierPlan[] = [
    {
      tierId: "tier_group",
      name: "Group ticket",
      capacity: { seats: group },
      eur: 28,
      maxPerOrder: 8,
      refund: fullRefundUntil(24),
    },
  ];
  if (tasting) {
    tiers.push({
      tierId: "tier_tasting",
      name: "With tastings",
      capacity: { seats: Math.min(8, venue.capacity - group) },
      eur: 48,
      maxPerOrder: 4,
      refund: fullRefundUntil(24),
    });
  }
  return {
    category: "tour",
    name: `${city.name}: ${theme}`,
    performers: [guide],
    description: `${theme} through ${city.name} with ${guide}, starting at ${venue.name}.`,
    venue,
    startMinutes: evening ? 20 * 60 : rng.pick([10 * 60, 14 * 60]),
    durationMinutes: rng.pick([120, 150, 180]),
    popularity: popularity(rng, 15 + 25 * rng.next() + (isWeekend(ctx.weekday) ? 5 : 0)),
    priceFactor: 1,
    tiers,
  };
}

/**
 * A shared-table dinner: strangers at tables of six. Each table is its own tier (capacity 6) so
 * the event's inventory object, not a later seating plan, guarantees no table is over-sold, and
 * an order of two always sits together. Two seats per order at most, so every table mixes people
 * who came separately. Refundable up to 72 hours ahead, when the kitchen orders.
 */
export function planDinner(ctx: PlanContext): EventPlan | null {
  const { rng } = ctx;
  const venue = ctx.takeVenue(["restaurant"]);
  if (!venue) return null;
  const theme = rng.pick(DINNER_THEMES);
  const chef = personName(rng, ctx.continent);
  const tables = rng.int(2, Math.min(6, Math.floor(venue.capacity / DINNER_TABLE_SEATS)));
  const eur = rng.int(55, 95);
  return {
    category: "dinner",
    name: `Shared Table: ${theme}`,
    performers: [`Chef ${chef}`],
    description: `${theme} cooked by ${chef} at ${venue.name}, served to tables of six guests who have not met before.`,
    venue,
    startMinutes: rng.pick([19 * 60, 19 * 60 + 30]),
    durationMinutes: 180,
    popularity: popularity(rng, 10 + 25 * rng.next() + (isWeekend(ctx.weekday) ? 5 : 0)),
    priceFactor: 1,
    tiers: Array.from({ length: tables }, (_, i) => ({
      tierId: `tier_table_${i + 1}`,
      name: `Table ${i + 1}`,
      capacity: { seats: DINNER_TABLE_SEATS },
      eur,
      maxPerOrder: 2,
      refund: fullRefundUntil(72),
    })),
  };
}
