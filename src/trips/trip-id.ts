import { holdIdForKey } from "../holds/hold-id";
import { sha256 } from "../lib/encoding";
import { randomId } from "../lib/ids";

/**
 * Trip ids: `trp_<22 base36>`. Like a hold id, the random part is what keeps a trip private (anyone
 * holding the id may read, release and book it). With an Idempotency-Key the id is derived from who
 * sent it and the key, so a retried create reaches the same coordinator, which places nothing twice.
 */
const RANDOM_CHARS = 22;
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
export const TRIP_ID = /^trp_[0-9a-z]{22}$/;

export function newTripId(): string {
  return randomId("trp", RANDOM_CHARS);
}

export async function tripIdForKey(scope: string, key: string): Promise<string> {
  const digest = await sha256(JSON.stringify(["trip", scope, key]));
  let random = "";
  for (const b of digest.subarray(0, RANDOM_CHARS)) random += ALPHABET[b % ALPHABET.length];
  return `trp_${random}`;
}

export const isTripId = (id: string): boolean => TRIP_ID.test(id);

/**
 * The hold of item `index` of a trip: derived, not random, so the coordinator can place it again
 * after a crash (the object answers the hold it already has) and release it without having seen
 * the answer of the call that placed it.
 */
export function tripHoldId(tripId: string, index: number, unitId: string): Promise<string> {
  return holdIdForKey(unitId, `trip:${tripId}`, String(index));
}

/** An item admitted by a waiting room holds under its pass's hold id (one hold per pass); any other under the trip's. */
export function tripItemHoldId(
  tripId: string,
  index: number,
  item: { unitId: string; holdKey?: { scope: string; key: string } },
): Promise<string> {
  return item.holdKey
    ? holdIdForKey(item.unitId, item.holdKey.scope, item.holdKey.key)
    : tripHoldId(tripId, index, item.unitId);
}
