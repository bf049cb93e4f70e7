import type { Freshness } from "../cache/freshness";
import { CACHE_POLICY } from "../config";

/** `links` of every paged answer: this page, and the next one (the same URL with `cursor`) or null. */
export function pageLinks(
  nextCursor: string | null,
  url: URL,
  param = "cursor",
): { self: string; next: string | null } {
  if (!nextCursor) return { self: url.toString(), next: null };
  const next = new URL(url);
  next.searchParams.set(param, nextCursor);
  return { self: url.toString(), next: next.toString() };
}

/** The freshness members of every search answer's `meta` (FreshnessSchema). */
export function presentFreshness(freshness: Freshness) {
  return {
    as_of: new Date(freshness.asOf).toISOString(),
    tier: freshness.servedBy,
    age_s: freshness.ageSeconds,
    max_stale_s: freshness.maxStaleSeconds,
    stale: freshness.state === "stale",
  };
}

/** Cache-Control of every search answer: fresh for what is left of freshSeconds, then served stale while revalidated. */
export function searchCacheControl(freshness: Freshness): string {
  const freshFor = Math.max(0, CACHE_POLICY.freshSeconds - freshness.ageSeconds);
  return `public, max-age=${freshFor}, stale-while-revalidate=${CACHE_POLICY.maxStaleSeconds - CACHE_POLICY.freshSeconds}`;
}
