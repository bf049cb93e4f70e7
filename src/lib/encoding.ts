/**
 * Byte encodings and the one hash the code uses, written once: hex, base64 (MIME bodies) and
 * unpadded base64url (RFC 4648 §5: ids, cursors, tokens, ETags). Decoders are strict and answer
 * null rather than throw: what they read comes from clients, and only the canonical spelling of
 * a value is accepted, so one value never has two valid encodings.
 */

const encoder = new TextEncoder();
const HEX = /^(?:[0-9a-f]{2})*$/i;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Typed as ArrayBuffer-backed, which it always is, so WebCrypto accepts it under the DOM lib too (tools/). */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

/** Null when the bytes are not valid UTF-8 (no silent U+FFFD). */
export function fromUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

export function fromHex(hex: string): Uint8Array | null {
  if (!HEX.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Standard alphabet, padded: what MIME's Content-Transfer-Encoding: base64 wants. */
export function toBase64(bytes: Uint8Array): string {
  return btoa(binaryString(bytes));
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // atob ignores the unused low bits of the last character: "AB" and "AC" are both [0]. Only
  // the spelling we would have written is accepted.
  return toBase64Url(bytes) === text ? bytes : null;
}

export const base64UrlFromText = (text: string): string => toBase64Url(utf8(text));

export function textFromBase64Url(encoded: string): string | null {
  const bytes = fromBase64Url(encoded);
  return bytes ? fromUtf8(bytes) : null;
}

export async function sha256(data: string | Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const input = typeof data === "string" ? utf8(data) : data;
  return new Uint8Array(await crypto.subtle.digest("SHA-256", input));
}

export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await sha256(data));
}

/** In slices: String.fromCharCode(...bytes) overflows the stack on large inputs. */
function binaryString(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

/** 32-bit FNV-1a as base 36: a short fingerprint for equality checks (cursors), not for anything secret. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
