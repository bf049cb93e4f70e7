import { benchEnv } from "../src/bench/metered-env";
import type { AppEnv } from "../src/env";
import { createApp } from "../src/http/app";
import { handleQueue } from "./queue";
import { handleScheduled } from "./scheduled";

// Module scope = isolate scope: the app (and its memory cache tier) is built once per isolate.
const app = createApp();

export default {
  // benchEnv is env itself unless BENCH_COUNTERS is set (the benchmark counts binding calls).
  fetch: (request, env, ctx) => app.fetch(request, benchEnv(env), ctx),
  queue: (batch, env, ctx) => handleQueue(batch, benchEnv(env), ctx),
  scheduled: (controller, env) => handleScheduled(controller, env),
} satisfies ExportedHandler<AppEnv>;

export { DepartureInventory } from "./departure-inventory";
