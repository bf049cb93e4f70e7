import type { Freshness } from "../cache/freshness";

/** `links` of every paged answer: this page, and the next one (the same URL with `cursor`) or null. */
export function pageLinks(nextCursor: string | null, url: URL): { self: string; next: string | null } {
  if (!nextCursor) return { self: url.toString(), next: null };
  const next = new URL(url);
  next.searchParams.set("cursor", nextCursor);
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
