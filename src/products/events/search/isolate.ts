import type { IsolateState } from "../../../api/isolate-state";
import type { MemoryTier } from "../../../cache/memory-tier";
import { createSearchCacheIsolate, type SearchCacheIsolate } from "../../../cache/search-cache";
import { CACHE_POLICY } from "../../../config";

/**
 * What events search keeps per isolate beside the engine's IsolateState (whose in-flight map,
 * Redis breaker and version memo it shares): its own memory tier and popularity buffer
 * (SearchCacheIsolate), and a second memory tier for text matches.
 */
/** Text matches are small lists of ids; a few hundred recent queries are plenty. */
const TEXT_MATCH_ENTRIES = 200;

export interface EventsIsolate extends SearchCacheIsolate {
  /** Text matches live only here (see docs/events.md). */
  texts: MemoryTier;
}

export function createEventsIsolate(isolate: IsolateState): EventsIsolate {
  return {
    ...createSearchCacheIsolate(isolate.memoryTier(CACHE_POLICY.memoryMaxEntries), isolate.now),
    texts: isolate.memoryTier(TEXT_MATCH_ENTRIES),
  };
}
