import { sha256Hex, toBase64Url } from "../lib/encoding";

/**
 * Secrets are 256 random bits, base64url: unguessable, so a fast hash (SHA-256) is enough at
 * rest; a slow KDF only matters for low-entropy secrets such as passwords.
 */
export function newSecret(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** A public id: 96 random bits, base64url, with a type prefix (`ses_`, `key_`, `acc_`). */
export function newPublicId(prefix: string): string {
  return `${prefix}_${toBase64Url(crypto.getRandomValues(new Uint8Array(12)))}`;
}

export const hashSecret = (secret: string): Promise<string> => sha256Hex(secret);

/** Folded the one way sign-in compares addresses. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export const nowSeconds = (nowMs: number): number => Math.floor(nowMs / 1000);
