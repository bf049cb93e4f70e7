import type { AppEnv } from "../src/env";
import { createApp } from "../src/http/app";

// Module scope = isolate scope: the app (and its memory cache tier) is built once per isolate.
const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<AppEnv>;

export { DepartureInventory } from "./departure-inventory";
