/**
 * Opaque pagination cursors: a small JSON payload in base64url, bound to the query it was issued
 * for by a fingerprint of the query's canonical parts. Each search decides what its payload holds.
 */
export function encodeCursorPayload(payload: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The payload, or null when the text is not base64url of UTF-8 JSON. */
export function decodeCursorPayload(text: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    const json = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
      Uint8Array.from(bin, (c) => c.charCodeAt(0)),
    );
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** FNV-1a of the parts joined: equal queries give equal fingerprints. Not a secret, not a MAC. */
export function queryFingerprintOf(parts: readonly (string | number)[]): string {
  const text = parts.join("|");
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
