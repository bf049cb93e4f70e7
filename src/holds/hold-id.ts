import { base64UrlFromText, sha256, textFromBase64Url } from "../lib/encoding";
import { randomId } from "../lib/ids";
import { isDepartureId } from "../products/departures/id";

/**
 * Hold ids say which departure they belong to, so GET/DELETE /v1/holds/{id} reach the right
 * object without a D1 lookup: `hld_<22 random base36>_<base64url(departure id)>`. The random
 * part (~113 bits) is what makes an id unguessable; the departure part is not a secret.
 */
const RANDOM_CHARS = 22;
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const HOLD_ID = /^hld_([0-9a-z]{22})_([A-Za-z0-9_-]{2,120})$/;

export function newHoldId(departureId: string): string {
  return `${randomId("hld", RANDOM_CHARS)}_${base64UrlFromText(departureId)}`;
}

/**
 * With an Idempotency-Key, a retried POST must land on the same hold, so the id is derived from
 * who sent it, the departure and the key. It is as hard to guess as the key the client chose.
 */
export async function holdIdForKey(departureId: string, scope: string, key: string): Promise<string> {
  const digest = await sha256(JSON.stringify(["hold", scope, departureId, key]));
  let random = "";
  for (const b of digest.subarray(0, RANDOM_CHARS)) random += ALPHABET[b % ALPHABET.length];
  return `hld_${random}_${base64UrlFromText(departureId)}`;
}

/** The departure a hold id names, or null when the id is not one of ours. */
export function departureOfHold(holdId: string): string | null {
  const match = HOLD_ID.exec(holdId);
  if (!match?.[2]) return null;
  const departureId = textFromBase64Url(match[2]);
  // An id naming something that cannot be a departure is refused here, before any object wakes.
  return departureId && isDepartureId(departureId) ? departureId : null;
}
