/**
 * The stays product's vocabulary and limits, declared once: the schema's enums, the seed, the
 * search rules and the HTTP schemas all read them from here.
 */
export const PROPERTY_TYPES = ["hotel", "hostel", "apartment", "guesthouse", "resort"] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const PROPERTY_STATUSES = ["open", "closed"] as const;
export type PropertyStatus = (typeof PROPERTY_STATUSES)[number];

export const AMENITIES = [
  "wifi",
  "breakfast",
  "parking",
  "pool",
  "gym",
  "spa",
  "restaurant",
  "bar",
  "air_conditioning",
  "kitchen",
  "laundry",
  "pets_allowed",
  "airport_shuttle",
  "accessible",
  "family_rooms",
  "beach_access",
] as const;
export type Amenity = (typeof AMENITIES)[number];

/** `closed`: no stay may include the night; `no_arrival`: a stay may include it but not start on it. */
export const CLOSURE_KINDS = ["closed", "no_arrival"] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];

export const STAY_LIMITS = {
  /** Longest stay a search (and later a hold) accepts: a 30-night search reads 30 city-nights at most. */
  maxNights: 30,
  /** The last night bookable, counted in days from today at the property (its city's local date). */
  maxDaysAhead: 365,
  maxRooms: 9,
  /** What any room type may hold: the seed stays within these, and so must operators. */
  maxAdultsPerRoom: 6,
  maxGuestsPerRoom: 8,
  defaultPageSize: 20,
  maxPageSize: 50,
  /** Longest availability calendar one request may ask for. */
  maxCalendarNights: 62,
} as const;
