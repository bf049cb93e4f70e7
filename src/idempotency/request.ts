import { sha256Hex } from "../lib/encoding";
import type { Caller } from "../ratelimit/caller";

/** Stripe's limit is 255 characters; printable ASCII keeps keys safe in logs and headers. */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/**
 * Whose Idempotency-Keys these are. A scope is not a budget: it only decides which retries may
 * replay a stored answer, so a value the client chose is good enough here, where it would not
 * be for a budget. In order:
 * - a verified API key (none are issued yet);
 * - the `X-Api-Key` the client sends, verified or not, as a namespace of its own: a partner app
 *   that sends a stable key keeps its replays when its address changes, and a client that sends
 *   a new value each time only loses its own replays. Only a hash is stored;
 * - otherwise (guests) the client's network, the same one that budgets it: guests' keys never
 *   meet another network's keys. A guest whose address changes between a request and its retry
 *   runs the request again, which the routes make safe (a second hold expires on its own; a
 *   hold is booked once, the retry gets 409 HOLD_ALREADY_BOOKED).
 */
export async function idempotencyOwner(caller: Caller, apiKey: string | undefined): Promise<string> {
  if (caller.kind === "key") return `key:${caller.keyId}`;
  if (apiKey) return `apikey:${(await sha256Hex(apiKey)).slice(0, 32)}`;
  return `ip:${caller.ip}`;
}

/** The same key from two owners, or for two routes, names two different requests. */
export function idempotencyScope(owner: string, method: string, path: string): string {
  return `${owner} ${method.toUpperCase()} ${path}`;
}

/**
 * Fingerprint of the body. JSON is canonicalised (keys sorted, whitespace dropped) so a client
 * that re-serialises the same object in another order is still "the same request"; anything
 * that does not parse is hashed as sent.
 */
export async function requestFingerprint(body: string): Promise<string> {
  return sha256Hex(canonicalBody(body));
}

export function canonicalBody(body: string): string {
  if (body.trim() === "") return "";
  try {
    return JSON.stringify(sortKeys(JSON.parse(body)));
  } catch {
    return body;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
