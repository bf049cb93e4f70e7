import { minorDigits } from "../../../lib/currency.ts";
import { stableId, streamFor } from "../../../lib/prng.ts";
import { addDays } from "../../../lib/time.ts";
import { cityProfile } from "../../../places/city-profiles.ts";
import type { ClosureRow, PropertyRow, RateOverrideRow, RoomTypeRow } from "./types.ts";

/**
 * Operator changes a real calendar has, placed in the year after the start date: festival rates
 * with a minimum stay in the big cities, renovations that close a property, maintenance that
 * stops arrivals in one room type. Deterministic in (seed, start date); ids are stable, so
 * reseeding replaces them.
 */
export function calendarChanges(
  seed: number,
  startDate: string,
  properties: readonly PropertyRow[],
  roomTypes: readonly RoomTypeRow[],
  createdAt: number,
): { rateOverrides: RateOverrideRow[]; closures: ClosureRow[] } {
  const tierOf = new Map(properties.map((p) => [p.id, cityProfile(p.cityCode).tier]));
  const unitOf = new Map(properties.map((p) => [p.id, 10 ** minorDigits(p.currency)]));
  const rateOverrides: RateOverrideRow[] = [];
  const closures: ClosureRow[] = [];
  const window = (rng: ReturnType<typeof streamFor>, nights: [number, number]) => {
    const fromDate = addDays(startDate, rng.int(3, 330));
    return { fromDate, toDate: addDays(fromDate, rng.int(nights[0], nights[1]) - 1) };
  };
  for (const p of properties) {
    const rng = streamFor(seed, `closure|${p.id}|${startDate}`);
    if (rng.next() < 0.02) {
      closures.push({
        id: stableId("cls", `${p.id}|renovation|${startDate}`),
        propertyId: p.id,
        roomTypeId: null,
        kind: "closed",
        ...window(rng, [5, 21]),
        reason: "Closed for renovation",
        createdAt,
      });
    }
  }
  for (const rt of roomTypes) {
    const rng = streamFor(seed, `calendar|${rt.id}|${startDate}`);
    if ((tierOf.get(rt.propertyId) ?? 3) <= 2 && rng.next() < 0.06) {
      rateOverrides.push({
        id: stableId("ovr", `${rt.id}|festival|${startDate}`),
        roomTypeId: rt.id,
        ...window(rng, [2, 6]),
        priceMinor: wholeUnits((rt.baseRateMinor * (140 + 10 * rng.int(0, 5))) / 100, unitOf.get(rt.propertyId) ?? 1),
        minStay: rng.next() < 0.5 ? rng.int(2, 3) : null,
        reason: "Festival week",
        createdAt,
      });
    }
    if (rng.next() < 0.03) {
      closures.push({
        id: stableId("cls", `${rt.id}|maintenance|${startDate}`),
        propertyId: rt.propertyId,
        roomTypeId: rt.id,
        kind: "no_arrival",
        ...window(rng, [3, 7]),
        reason: "Arrivals paused for maintenance",
        createdAt,
      });
    }
  }
  return { rateOverrides, closures };
}

const wholeUnits = (minor: number, unit: number) => Math.max(unit, Math.round(minor / unit) * unit);
