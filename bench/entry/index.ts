/**
 * The benchmark's Worker (`npm run bench` builds it with `wrangler deploy bench/entry/index.ts
 * --dry-run`): the production app and inventory object, measured from outside. Production code
 * has no counter, no bench route and no bench header; everything the harness reads is added here:
 *
 * - every binding counts what it is asked (bench/entry/metering.ts), and Redis commands are
 *   counted at the client's HTTP transport (bench/entry/redis.ts);
 * - each response carries `x-cost`, what its request counted by the time it answered;
 * - `x-bench-tiers` limits a search to some cache tiers (bench/entry/tiers.ts);
 * - `/__bench/*` routes give the isolate's totals and the bare D1 and Durable Object calls.
 */
import { createIsolateState } from "../../src/api/isolate-state";
import { CACHE_POLICY } from "../../src/config";
import type { AppEnv } from "../../src/env";
import { createApp } from "../../src/http/app";
import { handleQueue } from "../../workers/queue";
import { handleScheduled } from "../../workers/scheduled";
import { benchEnv, configuredRedisUrl } from "./env";
import { costHeader, meterConsole, type RequestScope, requestScope } from "./metering";
import { redisClientFetch } from "./redis";
import { registerBenchRoutes } from "./routes";
import { hiddenTiers, SelectableMemoryTier } from "./tiers";

globalThis.fetch = redisClientFetch(globalThis.fetch.bind(globalThis), configuredRedisUrl);
meterConsole();

const isolate = {
  ...createIsolateState(),
  memoryTier: (maxEntries: number) => new SelectableMemoryTier(maxEntries, Date.now, CACHE_POLICY.memoryTtlSeconds),
};
const app = createApp(isolate);
registerBenchRoutes(app);

export default {
  fetch(request, env, ctx) {
    const scope: RequestScope = { counts: new Map(), hiddenTiers: hiddenTiers(request.headers.get("x-bench-tiers")) };
    return requestScope.run(scope, async () => {
      const res = await app.fetch(request, benchEnv(env), ctx);
      // In place: a copy of every response would be the benchmark's cost, not edgefare's.
      try {
        res.headers.set("x-cost", costHeader(scope));
        return res;
      } catch {
        const copy = new Response(res.body, res);
        copy.headers.set("x-cost", costHeader(scope));
        return copy;
      }
    });
  },
  queue: (batch, env, ctx) => handleQueue(batch, benchEnv(env), ctx),
  scheduled: (controller, env) => handleScheduled(controller, env),
} satisfies ExportedHandler<AppEnv>;

export { MetricsObject } from "../../workers/metrics-object";
export { WaitingRoomObject } from "../../workers/waiting-room-object";
export { BenchInventoryObject as InventoryObject } from "./inventory";
export { BenchTripCoordinator as TripCoordinator } from "./trip-coordinator";
