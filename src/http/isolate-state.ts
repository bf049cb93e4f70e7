import { CircuitBreaker } from "../cache/circuit-breaker";
import { MemoryTier } from "../cache/memory-tier";
import { MemoryPopularity } from "../cache/popularity";
import { PopularityBuffer } from "../cache/popularity-buffer";
import { CACHE_POLICY } from "../config";
import { RateLimits } from "../ratelimit/limiters";
import { PageMemo } from "../search/page-memo";
import type { RenderMemo } from "./presenters/search-page";
import type { HealthReport } from "./routes/health";

/** State that outlives a request but not the isolate. Filled in by the features that need it. */
export interface IsolateState {
  createdAt: number;
  /** The first cache tier: this isolate's own memory. */
  memoryTier: MemoryTier;
  /** Cache lookups under way, by key: concurrent misses share one D1 query. */
  inflight: Map<string, Promise<unknown>>;
  /** Route versions this isolate has read recently (see RouteVersions). */
  routeVersionMemo: Map<string, { version: string; until: number }>;
  /** Opens when Redis fails, so the next requests skip it for a few seconds. */
  redisBreaker: CircuitBreaker;
  /** Search pages computed from memory-tier snapshots, and their rendered bytes. */
  searchPages: PageMemo;
  renderedPages: RenderMemo;
  /** Searches counted here between flushes of popularity to Redis. */
  popularityBuffer: PopularityBuffer;
  /** Popularity counted here when Redis is not configured. */
  localPopularity: MemoryPopularity;
  /** Rate limiters and the token leases this isolate holds (src/ratelimit/leases.ts). */
  rateLimits: RateLimits;
  /** The last public /health probe, reused until `until` (epoch ms). */
  health?: { until: number; report: Promise<HealthReport> };
}

export function createIsolateState(now: () => number = Date.now): IsolateState {
  return {
    createdAt: now(),
    memoryTier: new MemoryTier(CACHE_POLICY.memoryMaxEntries, now, CACHE_POLICY.memoryTtlSeconds),
    inflight: new Map(),
    routeVersionMemo: new Map(),
    redisBreaker: new CircuitBreaker(CACHE_POLICY.redisCoolOffSeconds * 1000, now),
    searchPages: new PageMemo(),
    renderedPages: new WeakMap(),
    popularityBuffer: new PopularityBuffer(
      CACHE_POLICY.popularityFlushSeconds * 1000,
      CACHE_POLICY.popularThreshold,
      now,
      CACHE_POLICY.popularityExactFrom,
    ),
    localPopularity: new MemoryPopularity(CACHE_POLICY.popularityWindowSeconds, now),
    rateLimits: new RateLimits(now),
  };
}
