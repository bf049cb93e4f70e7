import type { properties } from "../schema/properties.ts";
import type { propertyClosures } from "../schema/property-closures.ts";
import type { roomRateOverrides } from "../schema/room-rate-overrides.ts";
import type { roomTypes } from "../schema/room-types.ts";

export type PropertyRow = typeof properties.$inferSelect;
export type RoomTypeRow = typeof roomTypes.$inferSelect;
export type RateOverrideRow = typeof roomRateOverrides.$inferSelect;
export type ClosureRow = typeof propertyClosures.$inferSelect;

/** Every row of the stays seed: the catalogue, and the operator changes that make its calendar less uniform. */
export interface StaysSeed {
  properties: PropertyRow[];
  roomTypes: RoomTypeRow[];
  rateOverrides: RateOverrideRow[];
  closures: ClosureRow[];
}

export interface StaysSeedOptions {
  seed: number;
  /** YYYY-MM-DD: "today" for the seed. Overrides and closures are placed in the year after it. */
  startDate: string;
}
