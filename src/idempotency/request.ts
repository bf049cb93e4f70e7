import { sha256Hex } from "../lib/encoding";

/** Stripe's limit is 255 characters; printable ASCII keeps keys safe in logs and headers. */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** The same key from two clients, or for two routes, names two different requests. */
export function idempotencyScope(clientKey: string, method: string, path: string): string {
  return `${clientKey} ${method.toUpperCase()} ${path}`;
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
