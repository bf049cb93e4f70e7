/**
 * Booking references: six characters a traveller can read over the phone. The alphabet drops
 * 0/O, 1/I/L and U/V look-alikes; 29^6 ≈ 595 million values, and the unique index on
 * bookings.reference turns the rare collision into a retry rather than a duplicate.
 */
export const REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789";
export const REFERENCE_LENGTH = 6;

const PATTERN = new RegExp(`^[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`);

/** Rejection sampling: 256 is not a multiple of 29, and a plain modulo would favour early letters. */
export function generateReference(random: (n: number) => Uint8Array = randomBytes): string {
  const limit = 256 - (256 % REFERENCE_ALPHABET.length);
  let out = "";
  while (out.length < REFERENCE_LENGTH) {
    for (const b of random(REFERENCE_LENGTH * 2)) {
      if (b >= limit) continue;
      out += REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length];
      if (out.length === REFERENCE_LENGTH) break;
    }
  }
  return out;
}

/** What a traveller types: case and surrounding spaces do not matter. */
export function normaliseReference(input: string): string | null {
  const candidate = input.trim().toUpperCase();
  return PATTERN.test(candidate) ? candidate : null;
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}
