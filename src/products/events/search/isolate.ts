import { MemoryTier } from "../../../cache/memory-tier";
import { createSearchCacheIsolate, type SearchCacheIsolate } from "../../../cache/search-cache";
import { CACHE_POLICY } from "../../../config";

/**
 * What events search keeps per isolate beside the engine's IsolateState (whose in-flight map,
 * Redis breaker and version memo it shares): its own memory tier and popularity buffer
 * (SearchCacheIsolate), and a second memory tier for text matches.
 */
export interface EventsIsolate extends SearchCacheIsolate {
  /** Text matches live only here (see docs/events.md). */
  texts: MemoryTier;
}

export function createEventsIsolate(now: () => number): EventsIsolate {
  return {
    ...createSearchCacheIsolate(now),
    texts: new MemoryTier(200, now, CACHE_POLICY.memoryTtlSeconds),
  };
}
