import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../src/api/context";
import { rateLimit } from "../../src/api/middleware/rate-limit";
import { ProblemError } from "../../src/api/problem";
import { problemResponses } from "../../src/api/schemas";
import type { Secrets } from "../../src/env";
import { createApp } from "../../src/http/app";
import { limiterFor } from "../../src/ratelimit/limiters";
import { resolvePolicy } from "../../src/ratelimit/policy";
import { appClient } from "./app-client";

const ok = {
  200: { description: "Allowed", content: { "application/json": { schema: z.object({ ok: z.boolean() }) } } },
};

/**
 * The real app plus a few routes behind the rate limiter, so it can be tested on its own. They
 * are OpenAPI routes, so this app's document describes them and its responses are checked too.
 */
export function limitedApp(): App {
  const app = createApp();
  const limited = (method: "get" | "post", path: string, bucket: "search" | "lookup" | "write") =>
    createRoute({
      method,
      path,
      operationId: `limited${bucket[0]?.toUpperCase()}${bucket.slice(1)}`,
      middleware: [rateLimit(bucket)] as const,
      responses: ok,
    });
  app.openapi(limited("get", "/limited/search", "search"), (c) => c.json({ ok: true }, 200));
  app.openapi(limited("get", "/limited/lookup", "lookup"), (c) => c.json({ ok: true }, 200));
  app.openapi(limited("post", "/limited/write", "write"), (c) => c.json({ ok: true }, 200));
  const missing = createRoute({
    method: "get",
    path: "/limited/missing",
    operationId: "limitedMissing",
    middleware: [rateLimit("search")] as const,
    responses: problemResponses(404),
  });
  app.openapi(missing, () => {
    throw ProblemError.of("DEPARTURE_NOT_FOUND", "No such departure.");
  });
  return app;
}

/** Small budgets so a test spends one in a few requests (honoured because ENVIRONMENT is "test"). */
export const SMALL_BUDGETS = JSON.stringify({
  search: { requests: 3, windowSeconds: 60 },
  lookup: { requests: 2, windowSeconds: 60 },
  write: { requests: 2, windowSeconds: 60 },
});

/**
 * A caller nobody else uses in this isolate (the limiters' memory outlives a test): a random
 * IPv4 address (budgets are per address). A made-up API key would be refused (401), so none.
 */
export function uniqueCaller(): { ip: string } {
  const [a = 0, b = 0, c = 0] = crypto.getRandomValues(new Uint8Array(3));
  return { ip: `10.${a}.${b}.${c}` };
}

export async function call(
  app: App,
  path: string,
  testEnv: object,
  caller: { ip?: string; apiKey?: string },
  method = "GET",
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (caller.ip) headers["cf-connecting-ip"] = caller.ip;
  if (caller.apiKey) headers["x-api-key"] = caller.apiKey;
  return appClient(testEnv, app)(path, { method, headers });
}

/** Parses `RateLimit: "name";r=N;t=S`. */
export function remaining(res: Response): { policy: string; r: number; t: number } | null {
  const match = /^"(\w+)";r=(\d+);t=(\d+)$/.exec(res.headers.get("ratelimit") ?? "");
  return match ? { policy: match[1] ?? "", r: Number(match[2]), t: Number(match[3]) } : null;
}

/**
 * Limiter calls until one answers, before a test counts budgets: the first calls of a file (a
 * cold connection, the script loaded into Redis) can outlast the 250 ms Redis deadline on a busy
 * machine and fail open, by design, which would leave a counted request uncounted.
 */
export async function warmLimiter(testEnv: Secrets & { ENVIRONMENT?: string }): Promise<void> {
  const limiter = limiterFor("search", resolvePolicy("search", testEnv), testEnv);
  for (let attempt = 0; limiter && attempt < 10; attempt++) {
    const outcome = await limiter.limit(`warmup:${crypto.randomUUID()}`).catch(() => null);
    if (outcome && outcome.reason !== "timeout") return;
  }
}
