import type { PropertyType } from "../config.ts";

/** A kind of room a property of some type may sell, before the property's own numbers. */
export interface RoomTemplate {
  name: string;
  maxAdults: number;
  maxChildren: number;
  /** Price relative to the property's standard double room. */
  factor: number;
  rooms: readonly [min: number, max: number];
  /** Only at properties with at least this many stars. */
  minStars?: number;
  /** Every property of the type sells it. */
  always?: boolean;
}

const t = (
  name: string,
  maxAdults: number,
  maxChildren: number,
  factor: number,
  rooms: [number, number],
  extra: Partial<RoomTemplate> = {},
): RoomTemplate => ({ name, maxAdults, maxChildren, factor, rooms, ...extra });

/** A hostel "room" is a bed: dormitory beds sell one guest at a time. */
export const ROOM_TEMPLATES: Record<PropertyType, readonly RoomTemplate[]> = {
  hotel: [
    t("Standard Double Room", 2, 1, 1, [10, 60], { always: true }),
    t("Single Room", 1, 0, 0.75, [3, 12]),
    t("Twin Room", 2, 1, 1, [5, 30]),
    t("Superior Double Room", 2, 1, 1.25, [5, 25]),
    t("Family Room", 3, 2, 1.6, [2, 10]),
    t("Deluxe King Room", 2, 2, 1.5, [4, 15], { minStars: 4 }),
    t("Junior Suite", 3, 1, 2.2, [2, 6], { minStars: 4 }),
    t("Suite", 4, 2, 3.2, [1, 4], { minStars: 5 }),
  ],
  hostel: [
    t("Bed in 8-Bed Dormitory", 1, 0, 0.25, [16, 48], { always: true }),
    t("Bed in 4-Bed Female Dormitory", 1, 0, 0.32, [8, 16]),
    t("Private Double Room", 2, 0, 0.8, [2, 8]),
    t("Private Twin Room", 2, 0, 0.8, [2, 6]),
  ],
  apartment: [
    t("Studio", 2, 1, 0.9, [2, 10], { always: true }),
    t("One-Bedroom Apartment", 2, 2, 1.2, [2, 10]),
    t("Two-Bedroom Apartment", 4, 2, 1.9, [1, 6]),
    t("Penthouse Apartment", 4, 2, 3, [1, 2], { minStars: 4 }),
  ],
  guesthouse: [
    t("Double Room", 2, 1, 1, [2, 8], { always: true }),
    t("Twin Room", 2, 1, 1, [1, 5]),
    t("Single Room", 1, 0, 0.7, [1, 4]),
    t("Family Room", 3, 2, 1.5, [1, 3]),
  ],
  resort: [
    t("Garden View Double Room", 2, 2, 1, [10, 60], { always: true }),
    t("Sea View Double Room", 2, 2, 1.35, [10, 40]),
    t("Family Suite", 3, 3, 2, [4, 15]),
    t("Pool Villa", 4, 2, 3.5, [2, 8], { minStars: 5 }),
  ],
};
