import { base64UrlFromText, sha256, textFromBase64Url } from "../lib/encoding";
import { randomId } from "../lib/ids";

/**
 * Hold ids say which unit they belong to, so GET/DELETE /v1/holds/{id} reach the right object
 * without a D1 lookup: `hld_<22 random base36>_<base64url(unit id)>` (a departure's ids from
 * before the engine have the same shape). The random part (~113 bits) is what makes an id
 * unguessable; the unit part is not a secret.
 */
const RANDOM_CHARS = 22;
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const HOLD_ID = /^hld_([0-9a-z]{22})_([A-Za-z0-9_-]{2,120})$/;

export function newHoldId(unitId: string): string {
  return `${randomId("hld", RANDOM_CHARS)}_${base64UrlFromText(unitId)}`;
}

/**
 * With an Idempotency-Key, a retried POST must land on the same hold, so the id is derived from
 * who sent it, the unit and the key. It is as hard to guess as the key the client chose.
 */
export async function holdIdForKey(unitId: string, scope: string, key: string): Promise<string> {
  const digest = await sha256(JSON.stringify(["hold", scope, unitId, key]));
  let random = "";
  for (const b of digest.subarray(0, RANDOM_CHARS)) random += ALPHABET[b % ALPHABET.length];
  return `hld_${random}_${base64UrlFromText(unitId)}`;
}

/**
 * The unit a hold id names, or null when the id is not one of ours or names no registered
 * product's unit (`isUnitId`, from the registry): refused here, before any object wakes.
 */
export function unitOfHold(holdId: string, isUnitId: (id: string) => boolean): string | null {
  const match = HOLD_ID.exec(holdId);
  if (!match?.[2]) return null;
  const unitId = textFromBase64Url(match[2]);
  return unitId && isUnitId(unitId) ? unitId : null;
}
