/** The cabins (fare classes) seats are sold in: the departures product's pools are named by them. */
export const CABINS = ["economy", "premium", "business", "standard", "first"] as const;
export type Cabin = (typeof CABINS)[number];
