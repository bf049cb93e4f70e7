import { sha256Hex } from "../lib/encoding";
import type { Caller } from "../ratelimit/caller";

/** Stripe's limit is 255 characters; printable ASCII keeps keys safe in logs and headers. */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/**
 * Whose Idempotency-Keys these are. A scope is not a budget: it only decides which retries may
 * replay a stored answer. A verified partner key is its own scope (its replays survive an address
 * change); guests are scoped by network, the same one that budgets them, so guests' keys never
 * meet another network's keys. A guest whose address changes between a request and its retry
 * runs the request again, which the routes make safe (a second hold expires on its own; a hold
 * is booked once, the retry gets 409 HOLD_ALREADY_BOOKED). An unverified key never gets this far:
 * it is refused with 401 before any route (src/http/middleware/api-keys.ts).
 */
export function idempotencyOwner(caller: Caller): string {
  return caller.kind === "key" ? `key:${caller.keyId}` : `ip:${caller.ip}`;
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
