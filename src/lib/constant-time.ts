import { sha256 } from "./encoding";

/**
 * Compares two secrets without leaking, through timing, how many leading bytes match.
 * Both sides are hashed first so the comparison length never depends on the input.
 */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([sha256(a), sha256(b)]);
  return crypto.subtle.timingSafeEqual(ha, hb);
}
