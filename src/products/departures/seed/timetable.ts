import { streamFor } from "../../../lib/prng.ts";
import type { Place } from "../../../places/cities.ts";
import { cityProfile } from "../../../places/city-profiles.ts";
import { countryProfile } from "../../../places/countries.ts";
import { distanceKm } from "../../../places/geo.ts";
import { type FareTemplate, fareTemplates } from "./fares.ts";
import { BUS_KMH, type Mode, placesOf, type Route } from "./network.ts";
import { airlineFor, busFor, type Operator, railFor } from "./operators.ts";

/** A timetabled service: runs on the same local time on each of its weekdays. */
export interface Service {
  mode: Mode;
  operator: string;
  number: string;
  origin: Place;
  destination: Place;
  /** Local time at the origin, minutes after midnight, kept within 05:00–23:30 (clear of DST switches). */
  departMinutes: number;
  durationMinutes: number;
  /** Bit n set = runs when the origin's local date is weekday n (0 = Sunday). */
  weekdays: number;
  distanceKm: number;
  fares: FareTemplate[];
}

const EARLIEST = 5 * 60;
const LATEST = 23 * 60 + 30;
const round5 = (minutes: number) => Math.round(minutes / 5) * 5;

function railKmh(origin: Place, destination: Place): number {
  return (countryProfile(origin.country).railKmh + countryProfile(destination.country).railKmh) / 2;
}

function duration(route: Route, km: number, origin: Place, destination: Place): number {
  switch (route.mode) {
    case "flight":
      // Block time: ~870 km/h cruise plus 45 minutes of taxi, climb and approach (LON–PAR 70 min, SIN–NYC 18 h).
      return round5(45 + (km / 870) * 60);
    case "rail":
      return round5(10 + ((km * 1.15) / railKmh(origin, destination)) * 60);
    case "bus":
      return round5(((km * 1.25) / BUS_KMH) * 60 + 15 * Math.floor(km / 200));
    case "ferry":
      return route.ferry?.minutes ?? round5((km / 30) * 60);
  }
}

/**
 * The station nearest the other city (Paris–Lyon leaves from Gare de Lyon, Paris–London from
 * Gare du Nord); stations within 2 km of each other count as equal and the catalogue's first wins
 * (St Pancras over King's Cross next door).
 */
function nearestTo(candidates: Place[], target: Place): Place | undefined {
  const scored = candidates.map((p) => ({ p, km: distanceKm(p, target) }));
  const best = Math.min(...scored.map((s) => s.km));
  return scored.find((s) => s.km <= best + 2)?.p;
}

function endpoints(route: Route, i: number): [Place, Place] {
  const from = placesOf(route.from, route.mode);
  const to = placesOf(route.to, route.mode);
  let origin: Place | undefined;
  let destination: Place | undefined;
  if (route.ferry) {
    const { from: a, to: b } = route.ferry;
    origin = from.find((p) => p.code === a);
    destination = to.find((p) => p.code === b);
  } else if (route.mode === "flight") {
    // Busy city pairs spread over secondary airports; the main pair always comes first.
    origin = from[i % from.length];
    destination = to[Math.floor(i / from.length) % to.length];
  } else {
    const target = to[0];
    origin = target && nearestTo(from, target);
    destination = origin && nearestTo(to, origin);
  }
  if (!origin || !destination) throw new Error(`No ${route.mode} places for ${route.from.code}-${route.to.code}`);
  return [origin, destination];
}

function operatorFor(route: Route, i: number): Operator {
  const { country: fromCountry } = route.from;
  const fromContinent = countryProfile(fromCountry).continent;
  switch (route.mode) {
    case "flight": {
      // Alternate the two ends' carriers, as on most international pairs.
      const country = i % 2 === 0 ? fromCountry : route.to.country;
      return airlineFor(country, countryProfile(country).continent);
    }
    case "rail":
      return railFor(fromCountry, fromContinent);
    case "bus":
      return busFor(fromContinent);
    case "ferry":
      return route.ferry?.operator ?? busFor(fromContinent);
  }
}

function departureTimes(route: Route, seed: number, key: string): number[] {
  if (route.ferry) {
    const { firstDeparture } = route.ferry;
    const interval = round5((22 * 60 - firstDeparture) / route.perDay);
    return Array.from({ length: route.perDay }, (_, i) => Math.min(LATEST, firstDeparture + i * interval));
  }
  const rng = streamFor(seed, `times|${key}`);
  const overnight = route.mode === "bus" && route.distanceKm > 600;
  const first = overnight ? 20 * 60 : route.mode === "flight" ? 6 * 60 : 5 * 60 + 45;
  const last = overnight ? 23 * 60 : 22 * 60;
  const step = (last - first) / route.perDay;
  // One slot per service across the operating day, a random point inside each slot.
  return Array.from({ length: route.perDay }, (_, i) =>
    Math.min(LATEST, Math.max(EARLIEST, round5(first + step * (i + rng.next())))),
  );
}

function weekdayMask(route: Route, seed: number, key: string): number {
  if (route.daysPerWeek >= 7) return 0b1111111;
  const rng = streamFor(seed, `days|${key}`);
  let mask = 0;
  let count = 0;
  while (count < route.daysPerWeek) {
    const bit = 1 << rng.int(0, 6);
    if ((mask & bit) === 0) {
      mask |= bit;
      count++;
    }
  }
  return mask;
}

/** Turns routes into services. Numbers count up per operator in route order, so they never repeat. */
export function buildServices(routes: readonly Route[], seed: number): Service[] {
  const counters = new Map<string, number>();
  const services: Service[] = [];
  for (const route of routes) {
    const key = `${route.mode}|${route.from.code}|${route.to.code}`;
    const times = departureTimes(route, seed, key);
    const weekdays = weekdayMask(route, seed, key);
    const tierSum = cityProfile(route.from.code).tier + cityProfile(route.to.code).tier;
    times.forEach((departMinutes, i) => {
      const operator = operatorFor(route, i);
      const next = (counters.get(operator.code) ?? 0) + 1;
      counters.set(operator.code, next);
      const [origin, destination] = endpoints(route, i);
      const km = distanceKm(origin, destination);
      services.push({
        mode: route.mode,
        operator: operator.name,
        number: `${operator.code} ${(route.mode === "flight" ? 100 : 1000) + next}`,
        origin,
        destination,
        departMinutes,
        durationMinutes: duration(route, km, origin, destination),
        weekdays,
        distanceKm: km,
        fares: fareTemplates(route, km, tierSum, railKmh(origin, destination) >= 180),
      });
    });
  }
  return services;
}
