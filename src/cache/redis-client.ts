import { Redis } from "@upstash/redis/cloudflare";
import type { Secrets } from "../env";

/**
 * A slow Redis must not slow search: each command gets a short deadline and no retries,
 * and callers treat any failure as a miss.
 */
export const REDIS_TIMEOUT_MS = 250;

export function createRedis(env: Secrets): Redis | null {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) return null;
  return new Redis(
    {
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
      retry: { retries: 0 },
      signal: () => AbortSignal.timeout(REDIS_TIMEOUT_MS),
    },
    { UPSTASH_DISABLE_TELEMETRY: "1" },
  );
}
