import { CircuitBreaker } from "../cache/circuit-breaker";
import { MemoryTier } from "../cache/memory-tier";
import type { VersionMemo } from "../cache/scope-versions";
import type { SharedCacheIsolate } from "../cache/search-cache";
import { CACHE_POLICY } from "../config";
import type { LivePool } from "../inventory/live";
import type { SharedWork } from "../lib/shared-work";
import { MetricsBuffer } from "../metrics/buffer";
import { RateLimits } from "../ratelimit/limiters";
import { createRoomMemo, type RoomMemo } from "../waiting-room/edge-rooms";

/**
 * State that outlives a request but not the isolate, shared by every product: one app is built
 * per isolate, and each product keeps its own parts beside this (its memory tier, popularity
 * buffer, page memos), created when its routes are registered.
 */
export interface IsolateState extends SharedCacheIsolate {
  createdAt: number;
  /** This isolate's clock (tests pass their own). */
  now: () => number;
  /** Cache lookups under way, by key: concurrent misses share one D1 query. */
  inflight: Map<string, SharedWork<unknown>>;
  /** Invalidation versions this isolate has read recently, by scope (see ScopeVersions). */
  versionMemo: Map<string, VersionMemo>;
  /** Opens when Redis fails, so the next requests skip it for a few seconds. */
  redisBreaker: CircuitBreaker;
  /** Metric increments not yet sent to the summary object (src/metrics/buffer.ts). */
  metrics: MetricsBuffer;
  /** Builds a product's own memory cache tier (the benchmark's entry builds one it can hide). */
  memoryTier(maxEntries: number): MemoryTier;
  /** Rate limiters and the token leases this isolate holds (src/ratelimit/leases.ts). */
  rateLimits: RateLimits;
  /** Units' waiting rooms as this isolate last read them (src/waiting-room/edge-rooms.ts). */
  waitingRooms: RoomMemo;
  /** Units' polled live availability, reused for a few seconds (src/http/routes/live.ts). */
  livePolls: Map<string, { at: number; data: LivePool[] }>;
}

export function createIsolateState(now: () => number = Date.now): IsolateState {
  return {
    createdAt: now(),
    now,
    inflight: new Map(),
    versionMemo: new Map(),
    redisBreaker: new CircuitBreaker(CACHE_POLICY.redisCoolOffSeconds * 1000, now),
    metrics: new MetricsBuffer(now),
    memoryTier: (maxEntries) => new MemoryTier(maxEntries, now, CACHE_POLICY.memoryTtlSeconds),
    rateLimits: new RateLimits(now),
    waitingRooms: createRoomMemo(),
    livePolls: new Map(),
  };
}
