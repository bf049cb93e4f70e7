import type { Amenity, PropertyType } from "../config.ts";

export const STAY_SORTS = ["price", "stars", "distance"] as const;
export type StaySort = (typeof STAY_SORTS)[number];
export const PRICE_BASES = ["night", "total"] as const;
export type PriceBasis = (typeof PRICE_BASES)[number];

/** A stay search after syntactic validation (types, ranges); its meaning is checked by searchStays. */
export interface StaySearchInput {
  /** A city code, or a place code standing for its city. */
  place: string;
  checkIn: string;
  checkOut: string;
  rooms: number;
  adults: number;
  children: number;
  /** Minor units of the city's currency, per night (the stay's total over its nights) or for the whole stay. */
  priceMin?: number;
  priceMax?: number;
  pricePer: PriceBasis;
  stars?: number[];
  /** Every one of them. */
  amenities?: Amenity[];
  propertyTypes?: PropertyType[];
  sort: StaySort;
  limit: number;
  cursor?: string;
}

/** A room type as the city listing holds it: what does not change from night to night. */
export interface ListedRoomType {
  id: string;
  name: string;
  roomCount: number;
  maxAdults: number;
  maxChildren: number;
  freeCancellationDays: number | null;
  cancellationPenaltyPct: number;
}

export interface ListedProperty {
  id: string;
  name: string;
  propertyType: PropertyType;
  stars: number;
  lat: number;
  lon: number;
  address: string;
  distanceM: number;
  amenities: Amenity[];
  photo: string | null;
  currency: string;
  timezone: string;
  roomTypes: ListedRoomType[];
}

/** Cache unit: every open property of a city with its room types. */
export interface CityListing {
  city: string;
  properties: ListedProperty[];
}

/**
 * One room type on one night, compact because a 30-night search reads 30 of these per city:
 * [rooms left, price in minor units, minimum stay, flags (1 closed, 2 closed to arrival)].
 */
export type NightCell = [roomsLeft: number, priceMinor: number, minStay: number, flags: number];

/** Cache unit: every room type of a city's open properties on one night, by room type id. */
export interface CityNight {
  city: string;
  night: string;
  cells: Record<string, NightCell>;
}

/** A room type offered for the whole stay. */
export interface RoomOffer {
  roomType: ListedRoomType;
  /** Per room, one per night in order. */
  nightlyMinor: number[];
  /** All rooms, all nights. */
  totalMinor: number;
  /** The fewest left on any night (advisory). */
  roomsLeft: number;
}

/** A property with at least one room type offered, cheapest first. */
export interface PropertyOffer {
  property: ListedProperty;
  rooms: RoomOffer[];
  cheapestMinor: number;
}
