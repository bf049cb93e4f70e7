/** Prefixed, random, URL-safe ids (`dep_…`, `hld_…`, `bkg_…`, `req_…`). */
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

export function randomId(prefix: string, length = 20): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${out}`;
}
