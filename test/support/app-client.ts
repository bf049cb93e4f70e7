import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { type App, createApp } from "../../src/http/app";

/**
 * Calls an app built in the test (its own isolate state, so "a fresh isolate" is just a new
 * client) with a chosen env, and waits for its background work (cache fills) to finish.
 */
export function appClient(env: object, app: App = createApp()) {
  return async (path: string, init?: RequestInit): Promise<Response> => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`https://edgefare.test${path}`, init), env, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };
}
