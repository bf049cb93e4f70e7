const TIER_ORDER = ["memory", "kv", "redis", "origin"];

/**
 * The tier that answered, read from Server-Timing the way the answer's freshness is computed: an
 * answer built from several entries (a stay's nights, an event range's days) reports each tier as
 * `desc="3 hit, 1 miss"` and is as slow as its slowest tier that hit; "origin" when the origin
 * loaded; "joined" when another request did the work.
 */
export function servedByFromTiming(header: string | undefined): string | null {
  if (header === undefined) return null;
  let slowest = -1;
  for (const [, tier = "", desc = ""] of header.matchAll(/(\w+);dur=[\d.]+(?:;desc="([^"]*)")?/g)) {
    const rank = TIER_ORDER.indexOf(tier);
    const answered = tier === "origin" || /(^|\d )hit\b/.test(desc);
    if (rank > slowest && answered) slowest = rank;
  }
  return TIER_ORDER[slowest] ?? "joined";
}
