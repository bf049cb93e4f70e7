import { decodeCursorPayload, encodeCursorPayload, queryFingerprintOf } from "../../../lib/cursor";
import type { StaySearchInput } from "./types";

/**
 * Keyset cursor: the sort key and property id of the last result served, bound to the query.
 * A page boundary stays put when prices or rooms move between requests.
 */
export interface StayCursor {
  key: number[];
  id: string;
}

interface Payload {
  v: 1;
  q: string;
  k: number[];
  i: string;
}

export function stayQueryFingerprint(input: StaySearchInput): string {
  const list = (xs: readonly (string | number)[] | undefined) => (xs ? [...xs].sort().join(",") : "");
  return queryFingerprintOf([
    "stays",
    input.place,
    input.checkIn,
    input.checkOut,
    input.rooms,
    input.adults,
    input.children,
    input.priceMin ?? "",
    input.priceMax ?? "",
    input.pricePer,
    list(input.stars),
    list(input.amenities),
    list(input.propertyTypes),
    input.sort,
  ]);
}

/** `query` is stayQueryFingerprint of the search the cursor continues. */
export function encodeStayCursor(query: string, at: StayCursor): string {
  const payload: Payload = { v: 1, q: query, k: at.key, i: at.id };
  return encodeCursorPayload(payload);
}

/** Null when malformed or issued for another query. */
export function decodeStayCursor(query: string, cursor: string): StayCursor | null {
  const p = decodeCursorPayload(cursor) as Partial<Payload> | null;
  if (typeof p !== "object" || p === null || p.v !== 1 || p.q !== query) return null;
  if (!Array.isArray(p.k) || p.k.length > 4 || !p.k.every(Number.isFinite) || typeof p.i !== "string") return null;
  return { key: p.k, id: p.i };
}
