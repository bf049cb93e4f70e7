import { sha256Hex, toBase64Url } from "../lib/encoding";

/**
 * The owner token is returned once, at creation, and only its SHA-256 is stored: a leaked
 * database does not let anyone manage bookings. 32 random bytes make guessing pointless,
 * so a fast hash (not a password hash) is the right tool.
 */
export function createOwnerToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `own_${toBase64Url(bytes)}`;
}

export async function hashOwnerToken(token: string): Promise<string> {
  return sha256Hex(token);
}

/** `Authorization: Bearer own_…` → the token, or null for any other shape. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(own_[A-Za-z0-9_-]{20,100})\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}
