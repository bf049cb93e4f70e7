import { MemoryTier } from "../../../cache/memory-tier";
import { MemoryPopularity } from "../../../cache/popularity";
import { PopularityBuffer } from "../../../cache/popularity-buffer";
import { CACHE_POLICY } from "../../../config";

/**
 * What events search keeps per isolate beside the engine's IsolateState (whose in-flight map,
 * Redis breaker and version memo it shares). Its own memory tiers, so a month-long range search
 * (31 snapshots) cannot push hot route-days out of departures' LRU, and its own popularity
 * buffer, so a flush sends only city-days to the events sorted set.
 */
export interface EventsIsolate {
  days: MemoryTier;
  /** Text matches live only here (see docs/events.md). */
  texts: MemoryTier;
  popularityBuffer: PopularityBuffer;
  localPopularity: MemoryPopularity;
}

export function createEventsIsolate(now: () => number): EventsIsolate {
  return {
    days: new MemoryTier(CACHE_POLICY.memoryMaxEntries, now, CACHE_POLICY.memoryTtlSeconds),
    texts: new MemoryTier(200, now, CACHE_POLICY.memoryTtlSeconds),
    popularityBuffer: new PopularityBuffer(
      CACHE_POLICY.popularityFlushSeconds * 1000,
      CACHE_POLICY.popularThreshold,
      now,
    ),
    localPopularity: new MemoryPopularity(CACHE_POLICY.popularityWindowSeconds, now),
  };
}
