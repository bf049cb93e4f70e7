/**
 * Stripe's webhook signature scheme, used for every provider: header
 * `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (several v1
 * entries are allowed while a secret rotates). Verification goes through `crypto.subtle.verify`,
 * which compares in constant time.
 */
import { fromHex, toHex } from "../lib/encoding";

export const WEBHOOK_SIGNATURE_HEADER = "stripe-signature";
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "malformed" | "stale" | "mismatch" };

export async function verifyWebhookSignature(input: {
  header: string | undefined;
  body: string;
  secret: string;
  nowMs: number;
  toleranceSeconds?: number;
}): Promise<SignatureCheck> {
  const parsed = parseHeader(input.header ?? "");
  if (!parsed) return { ok: false, reason: "malformed" };
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  // Both directions: a timestamp far in the future would otherwise stay replayable for as long.
  if (Math.abs(Math.floor(input.nowMs / 1000) - parsed.timestamp) > tolerance) return { ok: false, reason: "stale" };
  const key = await hmacKey(input.secret);
  const payload = new TextEncoder().encode(`${parsed.timestamp}.${input.body}`);
  for (const signature of parsed.signatures) {
    if (await crypto.subtle.verify("HMAC", key, signature, payload)) return { ok: true, timestamp: parsed.timestamp };
  }
  return { ok: false, reason: "mismatch" };
}

/** What a provider (or a test) puts in the header. */
export async function signWebhook(secret: string, body: string, timestampSeconds: number): Promise<string> {
  const key = await hmacKey(secret);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${timestampSeconds}.${body}`));
  return `t=${timestampSeconds},v1=${toHex(new Uint8Array(mac))}`;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

function parseHeader(header: string): { timestamp: number; signatures: Uint8Array[] } | null {
  let timestamp: number | null = null;
  const signatures: Uint8Array[] = [];
  for (const part of header.split(",")) {
    const [name, value] = part.trim().split("=", 2);
    if (name === "t" && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    const signature = name === "v1" && value?.length === 64 ? fromHex(value) : null;
    if (signature) signatures.push(signature);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}
