/**
 * Ticket codes: what a QR code on a ticket carries, verifiable offline by a door app that holds
 * the public keys (GET /v1/events/ticket-keys). Runtime-free (WebCrypto and TextEncoder only, as
 * in browsers, Node 22, Deno and workerd), so a door app can embed this file and encoding.ts.
 *
 *   code      = base64url( payload || signature )                     (RFC 4648 §5, no padding)
 *   payload   = 0x01 version
 *               str kid · str ticket id · str event id · str tier id · str booking reference
 *               str holder initials · u32 issued at (epoch seconds, big-endian)
 *   str       = u8 length || UTF-8 bytes (at most 255)
 *   signature = Ed25519 over "edgefare.ticket.v1\n" || payload (64 bytes)
 *
 * Binary rather than a JWS: the QR code stays small (about 200 characters, a version 10 code at
 * error correction M), and scanners read it from a phone screen at a door. The domain prefix keeps
 * a signature over a ticket from meaning anything anywhere else. The holder is named only by
 * initials: a ticket's QR code is readable by anyone who sees it (photos online, a shared screen),
 * so it must not carry a name; a hash of the name would not help, a name is easily guessed.
 */
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from "../../../lib/encoding.ts";

export interface TicketClaims {
  /** Id of the key that signed it: the door app picks the public key by it. */
  kid: string;
  ticketId: string;
  eventId: string;
  tierId: string;
  bookingReference: string;
  /** "AL" for Ada Lovelace: what door staff can compare with an ID without the QR naming anyone. */
  holderInitials: string;
  /** Epoch seconds. */
  issuedAt: number;
}

/** An Ed25519 public key as a JWK (RFC 8037), with the `kid` the codes name. */
export interface TicketPublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg?: "EdDSA";
  use?: "sig";
}

export interface TicketJwks {
  keys: TicketPublicJwk[];
}

export type TicketVerification =
  | { ok: true; claims: TicketClaims }
  /** malformed: not a ticket code at all; unknown_key: signed by a key not in the set; bad_signature: forged or altered. */
  | { ok: false; reason: "malformed" | "unknown_key" | "bad_signature" };

const VERSION = 1;
const SIGNATURE_BYTES = 64;
const CONTEXT = utf8("edgefare.ticket.v1\n");
/** Longer than any code we write; a scanner's garbage is refused before decoding. */
const MAX_CODE_CHARS = 1024;

export async function signTicket(claims: TicketClaims, privateKey: CryptoKey): Promise<string> {
  const payload = encodePayload(claims);
  const signature = new Uint8Array(await crypto.subtle.sign("Ed25519", privateKey, signedBytes(payload)));
  return toBase64Url(concat(payload, signature));
}

/**
 * Checks a scanned code against a key set, offline. A valid signature by a known key means the
 * code was issued by edgefare unchanged; whether the ticket was voided or already used only the
 * server knows (the door app uploads its scans when it is online again).
 */
export async function verifyTicketCode(code: string, jwks: TicketJwks): Promise<TicketVerification> {
  const bytes = code.length <= MAX_CODE_CHARS ? fromBase64Url(code.trim()) : null;
  if (!bytes || bytes.length <= SIGNATURE_BYTES) return { ok: false, reason: "malformed" };
  const payload = bytes.subarray(0, bytes.length - SIGNATURE_BYTES);
  const signature = bytes.subarray(bytes.length - SIGNATURE_BYTES);
  const claims = decodePayload(payload);
  if (!claims) return { ok: false, reason: "malformed" };
  const jwk = jwks.keys.find((k) => k.kid === claims.kid && k.kty === "OKP" && k.crv === "Ed25519");
  if (!jwk) return { ok: false, reason: "unknown_key" };
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, "Ed25519", false, ["verify"]);
  } catch {
    return { ok: false, reason: "unknown_key" };
  }
  const valid = await crypto.subtle.verify("Ed25519", key, signature, signedBytes(payload));
  return valid ? { ok: true, claims } : { ok: false, reason: "bad_signature" };
}

export function encodePayload(c: TicketClaims): Uint8Array<ArrayBuffer> {
  const fields = [c.kid, c.ticketId, c.eventId, c.tierId, c.bookingReference, c.holderInitials].map(field);
  const issuedAt = new Uint8Array(4);
  new DataView(issuedAt.buffer).setUint32(0, c.issuedAt);
  return concat(Uint8Array.of(VERSION), ...fields, issuedAt);
}

/** Null for anything that is not exactly one payload of the current version. */
export function decodePayload(bytes: Uint8Array): TicketClaims | null {
  if (bytes[0] !== VERSION) return null;
  let at = 1;
  const strings: string[] = [];
  for (let i = 0; i < 6; i++) {
    const length = bytes[at];
    if (length === undefined || at + 1 + length > bytes.length) return null;
    const text = fromUtf8(bytes.subarray(at + 1, at + 1 + length));
    if (text === null) return null;
    strings.push(text);
    at += 1 + length;
  }
  if (at + 4 !== bytes.length) return null;
  const issuedAt = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
  const [kid = "", ticketId = "", eventId = "", tierId = "", bookingReference = "", holderInitials = ""] = strings;
  return { kid, ticketId, eventId, tierId, bookingReference, holderInitials, issuedAt };
}

function field(value: string): Uint8Array<ArrayBuffer> {
  const bytes = utf8(value);
  if (bytes.length > 255) throw new RangeError(`ticket field longer than 255 bytes: ${value.slice(0, 40)}…`);
  return concat(Uint8Array.of(bytes.length), bytes);
}

function signedBytes(payload: Uint8Array): Uint8Array<ArrayBuffer> {
  return concat(CONTEXT, payload);
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
