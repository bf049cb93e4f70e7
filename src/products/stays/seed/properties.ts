import { type Rng, stableId, streamFor } from "../../../lib/prng.ts";
import type { City } from "../../../places/cities.ts";
import { cityProfile } from "../../../places/city-profiles.ts";
import { countryProfile } from "../../../places/countries.ts";
import { cityCentre, distanceM, type Point } from "../city-centres.ts";
import { type Amenity, type PropertyType, STAY_LIMITS } from "../config.ts";
import { COASTAL_CITIES, LEISURE_CITIES } from "./markets.ts";
import { address, propertyName } from "./names.ts";
import { baseRateMinor, cancellation, propertyEur, seasons, stayRules, weekdayPct } from "./pricing.ts";
import { ROOM_TEMPLATES } from "./room-templates.ts";
import type { PropertyRow, RoomTypeRow } from "./types.ts";

/** Properties per city by tier (global hub, major, regional), before ±10 %. */
const PER_CITY = { 1: 40, 2: 18, 3: 9 } as const;
/** Furthest a property lies from the centre, km, by tier: bigger cities sprawl. */
const RADIUS_KM = { 1: 9, 2: 6, 3: 4 } as const;

export function propertiesInCity(seed: number, cityCode: string): number {
  const { tier } = cityProfile(cityCode);
  const rng = streamFor(seed, `stays-count|${cityCode}`);
  return Math.round(PER_CITY[tier] * (0.9 + rng.next() * 0.2));
}

function propertyType(rng: Rng, city: string): PropertyType {
  const leisure = LEISURE_CITIES.has(city);
  const roll = rng.next();
  if (roll < 0.5) return "hotel";
  if (roll < 0.67) return "apartment";
  if (roll < 0.8) return "guesthouse";
  if (roll < 0.92) return "hostel";
  return leisure ? "resort" : "hotel";
}

const STARS: Record<PropertyType, readonly number[]> = {
  // Weighted lists: a pick is as likely as its share of the list.
  hotel: [2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5],
  hostel: [1, 1, 2, 2, 2],
  apartment: [2, 3, 3, 3, 3, 4, 4, 4],
  guesthouse: [2, 2, 2, 3, 3, 3, 3, 4],
  resort: [4, 4, 4, 5, 5],
};

/** A point `km` from `centre` on `bearing` (flat-earth step: fine within a city). */
function offset(centre: Point, km: number, bearing: number): Point {
  const dLat = (km * Math.cos(bearing)) / 111.32;
  const dLon = (km * Math.sin(bearing)) / (111.32 * Math.cos((centre.lat * Math.PI) / 180));
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  return { lat: round(centre.lat + dLat), lon: round(centre.lon + dLon) };
}

const BY_TYPE: Record<PropertyType, readonly [Amenity, number][]> = {
  hotel: [
    ["wifi", 0.98],
    ["breakfast", 0.7],
    ["restaurant", 0.55],
    ["bar", 0.6],
    ["gym", 0.45],
    ["parking", 0.4],
    ["air_conditioning", 0.7],
    ["accessible", 0.6],
    ["family_rooms", 0.5],
    ["spa", 0.2],
    ["pool", 0.2],
    ["airport_shuttle", 0.15],
    ["pets_allowed", 0.25],
    ["laundry", 0.4],
  ],
  hostel: [
    ["wifi", 1],
    ["kitchen", 0.7],
    ["laundry", 0.6],
    ["bar", 0.5],
    ["breakfast", 0.3],
    ["accessible", 0.2],
  ],
  apartment: [
    ["wifi", 0.98],
    ["kitchen", 0.95],
    ["laundry", 0.6],
    ["air_conditioning", 0.6],
    ["parking", 0.35],
    ["pets_allowed", 0.3],
    ["family_rooms", 0.5],
    ["accessible", 0.3],
  ],
  guesthouse: [
    ["wifi", 0.95],
    ["breakfast", 0.85],
    ["parking", 0.5],
    ["pets_allowed", 0.35],
    ["family_rooms", 0.4],
    ["air_conditioning", 0.4],
    ["kitchen", 0.15],
  ],
  resort: [
    ["wifi", 1],
    ["pool", 1],
    ["restaurant", 1],
    ["bar", 0.95],
    ["spa", 0.8],
    ["gym", 0.8],
    ["breakfast", 0.85],
    ["air_conditioning", 0.9],
    ["airport_shuttle", 0.6],
    ["family_rooms", 0.8],
    ["accessible", 0.6],
    ["parking", 0.7],
  ],
};

function amenities(rng: Rng, type: PropertyType, stars: number, coastal: boolean): Amenity[] {
  const bonus = (stars - 3) * 0.1;
  const out = BY_TYPE[type].filter(([, p]) => rng.next() < Math.min(1, p + bonus)).map(([a]) => a);
  if (coastal && (type === "resort" || rng.next() < 0.15)) out.push("beach_access");
  return out.sort();
}

const TIMES: Record<PropertyType, [string, string]> = {
  hotel: ["15:00", "11:00"],
  hostel: ["14:00", "10:00"],
  apartment: ["16:00", "10:00"],
  guesthouse: ["14:00", "11:00"],
  resort: ["15:00", "12:00"],
};

function policies(type: PropertyType, has: ReadonlySet<Amenity>, times: [string, string], minStay: number): string {
  const parts = [`Check-in from ${times[0]}, check-out until ${times[1]}.`];
  if (type === "hostel") parts.push("Dormitory guests must be 18 or older; lockers available with your own padlock.");
  else parts.push("Children of all ages are welcome; cots on request.");
  parts.push(has.has("pets_allowed") ? "Pets are allowed on request (charges may apply)." : "Pets are not allowed.");
  if (type === "apartment") parts.push("A refundable damage deposit may be taken at arrival. No parties or events.");
  if (minStay > 1) parts.push(`Stays of at least ${minStay} nights.`);
  parts.push("Photo ID and a card are required at check-in.");
  return parts.join(" ");
}

export function photoUrls(propertyId: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `https://photos.edgefare.example/properties/${propertyId}/${i + 1}.jpg`,
  );
}

/** Every property of one city with its room types. Ids depend on the city and the property's number only. */
export function cityProperties(
  seed: number,
  city: City,
  updatedAt: number,
): { properties: PropertyRow[]; roomTypes: RoomTypeRow[] } {
  const centre = cityCentre(city.code);
  if (!centre) throw new Error(`No centre for city ${city.code}`);
  const { tier } = cityProfile(city.code);
  const coastal = COASTAL_CITIES.has(city.code);
  const { currency } = countryProfile(city.country);
  const names = new Set<string>();
  const out = { properties: [] as PropertyRow[], roomTypes: [] as RoomTypeRow[] };
  const count = propertiesInCity(seed, city.code);
  for (let n = 0; n < count; n++) {
    const id = stableId("prp", `${city.code}|${n}`);
    const rng = streamFor(seed, id);
    const type = propertyType(rng, city.code);
    const stars = rng.pick(STARS[type]);
    const radius = RADIUS_KM[tier] * (type === "resort" ? 1.5 : 1);
    const at = offset(centre, 0.15 + radius * rng.next() ** 1.6, rng.next() * 2 * Math.PI);
    const list = amenities(rng, type, stars, coastal);
    const times = TIMES[type];
    const rules = stayRules(rng, type);
    out.properties.push({
      id,
      name: propertyName(rng, type, city.name, names),
      cityCode: city.code,
      propertyType: type,
      stars,
      lat: at.lat,
      lon: at.lon,
      address: address(rng, city.country, city.name),
      distanceM: Math.round(distanceM(centre, at)),
      amenities: list,
      checkInFrom: times[0],
      checkOutUntil: times[1],
      photos: photoUrls(id, rng.int(3, 8)),
      policies: policies(type, new Set(list), times, rules.minStay),
      currency,
      timezone: city.timezone,
      status: rng.next() < 0.005 ? "closed" : "open",
      updatedAt,
    });
    const eur = propertyEur(city.country, tier, stars, type);
    const week = weekdayPct(rng, city.code, type);
    const year = seasons(rng, centre.lat);
    const templates = ROOM_TEMPLATES[type].filter((t) => (t.minStars ?? 0) <= stars);
    const chosen = templates.filter((t) => t.always || rng.next() < 0.55);
    for (const [i, template] of chosen.entries()) {
      const baseRate = baseRateMinor(eur * template.factor * (0.85 + rng.next() * 0.3), city.country);
      const policy = cancellation(rng, type);
      out.roomTypes.push({
        id: stableId("rt", `${id}|${i}`),
        propertyId: id,
        name: template.name.replace("Sea View", coastal ? "Sea View" : "Pool View"),
        roomCount: rng.int(template.rooms[0], template.rooms[1]),
        maxAdults: Math.min(template.maxAdults, STAY_LIMITS.maxAdultsPerRoom),
        maxChildren: template.maxChildren,
        baseRateMinor: baseRate,
        weekdayPct: week,
        seasons: year,
        minStay: rules.minStay,
        closedToArrival: rules.closedToArrival,
        freeCancellationDays: policy.days,
        cancellationPenaltyPct: policy.penaltyPct,
        updatedAt,
      });
    }
  }
  return out;
}
