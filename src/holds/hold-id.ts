import { randomId } from "../lib/ids";

/**
 * Hold ids say which departure they belong to, so GET/DELETE /v1/holds/{id} reach the right
 * object without a D1 lookup: `hld_<22 random base36>_<base64url(departure id)>`. The random
 * part (~113 bits) is what makes an id unguessable; the departure part is not a secret.
 */
const RANDOM_CHARS = 22;
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const HOLD_ID = /^hld_([0-9a-z]{22})_([A-Za-z0-9_-]{2,120})$/;
export const MAX_DEPARTURE_ID_LENGTH = 80;

export function newHoldId(departureId: string): string {
  return `${randomId("hld", RANDOM_CHARS)}_${encode(departureId)}`;
}

/**
 * With an Idempotency-Key, a retried POST must land on the same hold, so the id is derived from
 * who sent it, the departure and the key. It is as hard to guess as the key the client chose.
 */
export async function holdIdForKey(departureId: string, scope: string, key: string): Promise<string> {
  const input = new TextEncoder().encode(JSON.stringify(["hold", scope, departureId, key]));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", input));
  let random = "";
  for (const b of digest.subarray(0, RANDOM_CHARS)) random += ALPHABET[b % ALPHABET.length];
  return `hld_${random}_${encode(departureId)}`;
}

/** The departure a hold id names, or null when the id is not one of ours. */
export function departureOfHold(holdId: string): string | null {
  const match = HOLD_ID.exec(holdId);
  if (!match?.[2]) return null;
  try {
    const departureId = decode(match[2]);
    return departureId.length > 0 && departureId.length <= MAX_DEPARTURE_ID_LENGTH ? departureId : null;
  } catch {
    return null;
  }
}

function encode(text: string): string {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decode(encoded: string): string {
  const binary = atob(encoded.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
    Uint8Array.from(binary, (c) => c.charCodeAt(0)),
  );
}
