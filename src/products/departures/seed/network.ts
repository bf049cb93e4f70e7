import { CITIES, type City, type Place, type PlaceKind } from "../../../places/cities.ts";
import { type CityProfile, cityProfile } from "../../../places/city-profiles.ts";
import { countryProfile } from "../../../places/countries.ts";
import { distanceKm } from "../../../places/geo.ts";
import { FERRY_LINKS, type FerryLink } from "./ferries.ts";

export type Mode = "flight" | "rail" | "bus" | "ferry";

/** One direction of one mode between two cities, with how many services a day it gets. */
export interface Route {
  mode: Mode;
  from: City;
  to: City;
  /** Distance between the places the services use (main airports, nearest stations). */
  distanceKm: number;
  perDay: number;
  /** Long, thin routes do not fly every day. */
  daysPerWeek: number;
  ferry?: FerryLink;
}

const MIN_FLIGHT_KM = 250;
/** About the longest nonstop flown today (Singapore–New York); farther hub pairs get no direct flight. */
const MAX_FLIGHT_KM = 15_500;
const MAX_RAIL_KM = 800;
const MAX_BUS_KM = 800;
const MIN_SURFACE_KM = 30;
export const BUS_KMH = 65;

/** Surface links between different lands: the Channel Tunnel services from London. */
const FIXED_LINKS = new Set(["LON-PAR", "LON-BRU", "LON-AMS"]);

const KIND_OF: Record<Mode, PlaceKind> = { flight: "airport", rail: "rail", bus: "bus", ferry: "ferry" };

export function placesOf(city: City, mode: Mode): Place[] {
  return city.places.filter((p) => p.kind === KIND_OF[mode]);
}

interface Node {
  city: City;
  profile: CityProfile;
  continent: string;
  railKmh: number;
}

/** Flights a day each way by tier sum (2 = hub–hub … 6 = regional–regional) and band (<1,500 km, <5,000 km, longer). */
const FLIGHTS_PER_DAY: Record<number, readonly [number, number, number]> = {
  2: [6, 3, 2],
  3: [4, 2, 1],
  4: [3, 1, 1],
  5: [2, 1, 1],
  6: [1, 1, 1],
};

/**
 * Which pairs get a nonstop: every hub pair; hub–major within 3,000 km (6,000 on one continent);
 * hub–regional on one continent within 3,000 km; major–major within 2,500 km; anything within 1,200 km.
 */
function flightPerDay(a: Node, b: Node, km: number): number {
  const { tier: ta } = a.profile;
  const { tier: tb } = b.profile;
  const sameContinent = a.continent === b.continent;
  const pair = Math.min(ta, tb) * 10 + Math.max(ta, tb);
  const allowed =
    pair === 11 ||
    (pair === 12 && (km < 3000 || (sameContinent && km < 6000))) ||
    (pair === 13 && sameContinent && km < 3000) ||
    (pair === 22 && km < 2500) ||
    km < 1200;
  if (!allowed) return 0;
  const band = km < 1500 ? 0 : km < 5000 ? 1 : 2;
  return FLIGHTS_PER_DAY[ta + tb]?.[band] ?? 1;
}

/** Frequency falls with journey time, not distance: a 2-hour high-speed line is a commuter corridor. */
function surfacePerDay(mode: "rail" | "bus", tierSum: number, hours: number): number {
  const base = mode === "rail" ? [12, 8, 5, 3, 2] : [6, 4, 3, 2, 1];
  const perDay = base[tierSum - 2] ?? 1;
  if (hours > 5) return Math.ceil(perDay * 0.25);
  if (hours > 3) return Math.ceil(perDay * 0.5);
  return perDay;
}

function mainDistance(a: City, b: City, mode: Mode): number {
  const [pa] = placesOf(a, mode);
  const [pb] = placesOf(b, mode);
  return pa && pb ? distanceKm(pa, pb) : Number.NaN;
}

function pairRoutes(a: Node, b: Node): Route[] {
  const routes: Route[] = [];
  const add = (mode: Mode, km: number, perDay: number, daysPerWeek = 7) => {
    if (perDay <= 0) return;
    routes.push({ mode, from: a.city, to: b.city, distanceKm: km, perDay, daysPerWeek });
    routes.push({ mode, from: b.city, to: a.city, distanceKm: km, perDay, daysPerWeek });
  };
  const flightKm = mainDistance(a.city, b.city, "flight");
  if (flightKm >= MIN_FLIGHT_KM && flightKm <= MAX_FLIGHT_KM) {
    const tierSum = a.profile.tier + b.profile.tier;
    const thin = (flightKm >= 5000 && tierSum >= 4) || (flightKm >= 1500 && tierSum === 6);
    add("flight", flightKm, flightPerDay(a, b, flightKm), thin ? 4 : 7);
  }
  const linked =
    a.profile.land === b.profile.land ||
    FIXED_LINKS.has(`${a.city.code}-${b.city.code}`) ||
    FIXED_LINKS.has(`${b.city.code}-${a.city.code}`);
  if (!linked) return routes;
  for (const mode of ["rail", "bus"] as const) {
    const km = mainDistance(a.city, b.city, mode);
    const max = mode === "rail" ? MAX_RAIL_KM : MAX_BUS_KM;
    if (!(km >= MIN_SURFACE_KM && km <= max)) continue; // NaN: a city without this kind of station
    const kmh = mode === "bus" ? BUS_KMH : (a.railKmh + b.railKmh) / 2;
    add(mode, km, surfacePerDay(mode, a.profile.tier + b.profile.tier, km / kmh));
  }
  return routes;
}

/** Every city with an airport also reaches its nearest hub, so no airport is left without a flight. */
function hubFeeders(nodes: Node[], existing: Set<string>): Route[] {
  const hubs = nodes.filter((n) => n.profile.tier === 1 && placesOf(n.city, "flight").length > 0);
  const routes: Route[] = [];
  for (const node of nodes) {
    if (node.profile.tier === 1 || placesOf(node.city, "flight").length === 0) continue;
    const nearest = hubs
      .map((hub) => ({ hub, km: mainDistance(node.city, hub.city, "flight") }))
      .filter((h) => h.km >= MIN_FLIGHT_KM)
      .sort((x, y) => x.km - y.km)[0];
    if (!nearest || existing.has(`flight|${node.city.code}|${nearest.hub.city.code}`)) continue;
    for (const [from, to] of [
      [node, nearest.hub],
      [nearest.hub, node],
    ] as const) {
      routes.push({ mode: "flight", from: from.city, to: to.city, distanceKm: nearest.km, perDay: 1, daysPerWeek: 7 });
    }
  }
  return routes;
}

function ferryRoutes(): Route[] {
  const portCity = new Map(CITIES.flatMap((c) => c.places.map((p) => [p.code, { city: c, port: p }] as const)));
  return FERRY_LINKS.flatMap((ferry) => {
    const from = portCity.get(ferry.from);
    const to = portCity.get(ferry.to);
    if (!from || !to) throw new Error(`Ferry link ${ferry.from}-${ferry.to} names an unknown port`);
    const base = {
      mode: "ferry" as const,
      distanceKm: distanceKm(from.port, to.port),
      perDay: ferry.perDay,
      daysPerWeek: 7,
    };
    return [
      { ...base, from: from.city, to: to.city, ferry },
      { ...base, from: to.city, to: from.city, ferry: { ...ferry, from: ferry.to, to: ferry.from } },
    ];
  });
}

/** The whole network, in a fixed order (catalogue order of city pairs, then ferries). */
export function buildRoutes(): Route[] {
  const nodes = CITIES.map((city) => ({
    city,
    profile: cityProfile(city.code),
    continent: countryProfile(city.country).continent,
    railKmh: countryProfile(city.country).railKmh,
  }));
  const routes: Route[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i];
    for (let j = i + 1; j < nodes.length; j++) {
      const b = nodes[j];
      if (a && b) routes.push(...pairRoutes(a, b));
    }
  }
  const existing = new Set(routes.map((r) => `${r.mode}|${r.from.code}|${r.to.code}`));
  return [...routes, ...hubFeeders(nodes, existing), ...ferryRoutes()];
}
