import { base64UrlFromText, fnv1a, textFromBase64Url } from "./encoding";

/**
 * Opaque pagination cursors: a small JSON payload in base64url, bound to the query it was issued
 * for by a fingerprint of the query's canonical parts. Each search decides what its payload holds
 * and checks its shape after decoding.
 */
export function encodeCursorPayload(payload: unknown): string {
  return base64UrlFromText(JSON.stringify(payload));
}

/** The payload, or null when the text is not canonical base64url of UTF-8 JSON. */
export function decodeCursorPayload(text: string): unknown {
  const json = textFromBase64Url(text);
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** FNV-1a of the parts joined: equal queries give equal fingerprints. Not a secret, not a MAC. */
export function queryFingerprintOf(parts: readonly (string | number)[]): string {
  return fnv1a(parts.join("|"));
}
