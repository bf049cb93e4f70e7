import type { AppEnv } from "../src/env";
import { createApp } from "../src/http/app";
import { handleQueue } from "./queue";
import { handleScheduled } from "./scheduled";

// Module scope = isolate scope: the app (and its memory cache tier) is built once per isolate.
const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  queue: (batch, env, ctx) => handleQueue(batch, env, ctx),
  scheduled: (controller, env) => handleScheduled(controller, env),
} satisfies ExportedHandler<AppEnv>;

export { InventoryObject } from "./inventory-object";
export { MetricsObject } from "./metrics-object";
export { WaitingRoomObject } from "./waiting-room-object";
