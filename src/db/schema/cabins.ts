/**
 * The cabins (fare classes) seats are sold in. Engine tables and rules still name them (a
 * booking's cabin, the seat inventory's classes) until bookings have line items and inventory
 * has pools (docs/architecture.md); the departures product's fare_classes table uses the same list.
 */
export const CABINS = ["economy", "premium", "business", "standard", "first"] as const;
export type Cabin = (typeof CABINS)[number];
