import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { runLoad } from "../load.ts";
import { get, measure, repeated, type Scenario } from "../scenario.ts";
import { combineRuns } from "../stats.ts";
import { findChildren } from "../worker.ts";

/**
 * The runtime's floor on this machine: a separate, trivial Worker (`new Response("ok")`) on
 * Miniflare, driven the same way. Not edgefare: it shows what hono, the middleware and the
 * request log cost on top of workerd itself.
 */
export const floor: Scenario = {
  id: "floor",
  title: "Runtime floor (trivial Worker, not edgefare)",
  async run(ctx) {
    const root = path.join(ctx.outDir, "floor");
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, "index.js"), 'export default { fetch: () => new Response("ok") };\n');
    const mf = new Miniflare(
      convertV4MiniflareOptions({
        name: "floor",
        modules: true,
        scriptPath: path.join(root, "index.js"),
        rootPath: root,
        compatibilityDate: "2026-11-01",
        host: "127.0.0.1",
        port: 0,
      }),
    );
    try {
      const base = await mf.ready;
      const workerdPid = findChildren("workerd").find((pid) => pid !== ctx.worker.workerdPid) ?? null;
      const spec = { base, requests: [get("/")], connections: ctx.opts.connections, workerdPid };
      if (ctx.opts.warmup > 0) await runLoad({ ...spec, seconds: ctx.opts.warmup });
      const runs = await repeated(ctx, this.id, () => runLoad({ ...spec, seconds: ctx.opts.duration }));
      return {
        id: this.id,
        title: this.title,
        method: "GET / on a one-line Worker in its own Miniflare instance.",
        connections: ctx.opts.connections,
        load: combineRuns(runs),
        runs,
        unit: "request",
        requestsPerUnit: 1,
        costs: {},
        checks: [],
        extra: {},
      };
    } finally {
      await mf.dispose();
    }
  },
};

/**
 * The cheapest existing route of edgefare itself: place autocomplete answers from the catalogue
 * compiled into the bundle (no binding call) behind the same middleware as every route.
 */
export const baseline: Scenario = {
  id: "baseline",
  title: "Baseline: GET /v1/places (cheapest route)",
  async run(ctx) {
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method: "GET /v1/places?q=zur&limit=1: full middleware stack, no binding call.",
      requests: [get("/v1/places?q=zur&limit=1")],
    });
    return result;
  },
};
