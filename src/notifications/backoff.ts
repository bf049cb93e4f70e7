/**
 * Exponential backoff for queue retries: 30 s, 60 s, 120 s ... capped at one hour. `attempt`
 * is the message's delivery count (1 on first delivery). Queues accept delays up to 12 h.
 */
export const BACKOFF = { baseSeconds: 30, maxSeconds: 3600 } as const;

export function backoffSeconds(attempt: number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 20));
  return Math.min(BACKOFF.baseSeconds * 2 ** exponent, BACKOFF.maxSeconds);
}
