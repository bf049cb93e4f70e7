import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { createIsolateState } from "../src/api/isolate-state";
import { QUEUES } from "../src/config";
import { createApp } from "../src/http/app";
import { MetricsBuffer } from "../src/metrics/buffer";
import { dataPoint } from "../src/metrics/points";
import { metricsSummary } from "../src/metrics/summary-client";
import { emptyTally, observe, quantile } from "../src/metrics/tally";
import { handleQueue } from "../workers/queue";
import { appClient } from "./support/app-client";
import { seedDeparture } from "./support/inventory";

const ADMIN = { authorization: "Bearer test-admin-key" };

/** An Analytics Engine binding that keeps what it is given (the local one accepts and drops). */
function recordingDataset() {
  const points: AnalyticsEngineDataPoint[] = [];
  return { points, dataset: { writeDataPoint: (p?: AnalyticsEngineDataPoint) => p && points.push(p) } };
}

interface Report {
  requests: { count: number; errors: number; error_rate: number; p95_ms: number | null };
  routes: { route: string; tier: string | null; count: number; errors: number }[];
  holds: { granted: number; refused: number; refused_by_code: Record<string, number> };
  queues: { queue: string; messages: number; retries: number; lag_p95_ms: number | null }[];
  emails: { sent: number; failed: number };
}

async function report(client: ReturnType<typeof appClient>): Promise<Report> {
  const res = await client("/v1/admin/metrics?minutes=5", { headers: ADMIN });
  expect(res.status).toBe(200);
  return res.json<Report>();
}

const holdBody = (departureId: string, passengers: number) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ departure_id: departureId, cabin: "economy", passengers }),
});

describe("metrics: Analytics Engine points", () => {
  it("writes one point per request with the route pattern (not the path), status and duration", async () => {
    const { points, dataset } = recordingDataset();
    const client = appClient({ ...env, METRICS: dataset });
    await client("/v1/places?q=lon&limit=2");
    await client("/v1/holds/hld_nope");

    // The client's own GET /openapi.json (to check responses) is a request too.
    const requests = points.filter((p) => p.indexes?.[0] === "request" && p.blobs?.[2] !== "/openapi.json");
    expect(requests.map((p) => p.blobs?.slice(0, 4))).toEqual([
      ["request", "GET", "/v1/places", ""],
      ["request", "GET", "/v1/holds/:id", ""],
    ]);
    expect(requests.map((p) => p.doubles?.[1])).toEqual([200, 404]);
    for (const p of requests) expect(p.doubles?.[0]).toBeGreaterThanOrEqual(0);
  });

  it("lays out every event kind as docs/operations.md documents it", () => {
    expect(dataPoint({ kind: "hold", outcome: "refused", product: "departures", code: "INSUFFICIENT_SEATS" })).toEqual({
      indexes: ["hold"],
      blobs: ["hold", "refused", "departures", "INSUFFICIENT_SEATS"],
      doubles: [1],
    });
    expect(dataPoint({ kind: "queue", queue: "q", lagMs: 1500, attempts: 2 })).toEqual({
      indexes: ["queue"],
      blobs: ["queue", "q"],
      doubles: [1500, 2],
    });
    expect(dataPoint({ kind: "payment", operation: "charge", outcome: "declined" })).toEqual({
      indexes: ["payment"],
      blobs: ["payment", "charge", "declined"],
      doubles: [1],
    });
    expect(dataPoint({ kind: "invariant", unitId: "dep_x", violations: 2 })).toEqual({
      indexes: ["invariant"],
      blobs: ["invariant", "dep_x"],
      doubles: [2],
    });
  });
});

describe("metrics and logs of sampled-out reads", () => {
  it("writes no point or log line for a read left out, keeps the write, and the summary counts them all", async () => {
    const { points, dataset } = recordingDataset();
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    try {
      const client = appClient({ ...env, METRICS: dataset, REQUEST_SAMPLE_RATE: "0" });
      const before = await report(client);
      for (let i = 0; i < 3; i++) expect((await client("/v1/places?q=par&limit=2")).status).toBe(200);
      expect((await client("/v1/holds", holdBody("dep_nope", 1))).status).toBe(404);
      const after = await report(client);

      const placesRoute = (r: Report) => r.routes.find((x) => x.route === "GET /v1/places")?.count ?? 0;
      expect(placesRoute(after) - placesRoute(before)).toBe(3);
      const requestPoints = points.filter((p) => p.indexes?.[0] === "request");
      expect(requestPoints.map((p) => [p.blobs?.[1], p.blobs?.[2], p.doubles?.[2]])).toEqual([
        ["POST", "/v1/holds", 1],
      ]);
      const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.event === "request");
      expect(requestLines.map((l) => `${l.method} ${l.route} ${l.status}`)).toEqual(["POST /v1/holds 404"]);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe("metrics: the rolling summary behind GET /v1/admin/metrics", () => {
  it("counts requests per route, holds granted and refused by code", async () => {
    const client = appClient(env);
    const before = await report(client);
    const departureId = await seedDeparture("metrics-holds", {
      fares: [{ cabin: "economy", capacity: 2, priceMinor: 1000 }],
    });
    expect((await client("/v1/holds", holdBody(departureId, 2))).status).toBe(201);
    expect((await client("/v1/holds", holdBody(departureId, 1))).status).toBe(409);
    const after = await report(client);

    expect(after.holds.granted - before.holds.granted).toBe(1);
    expect(after.holds.refused - before.holds.refused).toBe(1);
    expect(
      (after.holds.refused_by_code.INSUFFICIENT_SEATS ?? 0) - (before.holds.refused_by_code.INSUFFICIENT_SEATS ?? 0),
    ).toBe(1);
    const holdsRoute = (r: Report) => r.routes.find((x) => x.route === "POST /v1/holds")?.count ?? 0;
    expect(holdsRoute(after) - holdsRoute(before)).toBe(2);
    // The first report's own request is in the second.
    expect(after.requests.count - before.requests.count).toBeGreaterThanOrEqual(3);
  });

  it("records each queue message's lag and retries, and each email sent", async () => {
    const client = appClient(env);
    const before = await report(client);
    const batch = createMessageBatch(QUEUES.emailJobs, [
      { id: "m-1", timestamp: new Date(Date.now() - 90_000), attempts: 2, body: { v: 1, outboxId: "eml_missing" } },
    ]);
    const ctx = createExecutionContext();
    await handleQueue(batch, env, ctx);
    await waitOnExecutionContext(ctx);
    const after = await report(client);

    const queue = after.queues.find((q) => q.queue === QUEUES.emailJobs);
    const was = before.queues.find((q) => q.queue === QUEUES.emailJobs);
    expect((queue?.messages ?? 0) - (was?.messages ?? 0)).toBe(1);
    expect((queue?.retries ?? 0) - (was?.retries ?? 0)).toBe(1);
    expect(queue?.lag_p95_ms).toBeGreaterThanOrEqual(60_000);
  });

  it("adds no Durable Object call to most requests: one isolate flushes at most every 10 s", async () => {
    let calls = 0;
    const counted = {
      ...env,
      METRICS_SUMMARY: {
        getByName: (name: string) => {
          calls++;
          return env.METRICS_SUMMARY.getByName(name);
        },
      },
    };
    const client = appClient(counted, createApp(createIsolateState(() => 1_000_000)));
    for (let i = 0; i < 10; i++) await client("/v1/places?q=par&limit=1");
    // The first request of a quiet isolate flushes at once; the next nine wait for the interval.
    expect(calls).toBe(1);
  });

  it("loses the metrics, never the request, when the summary object cannot be reached", async () => {
    const broken = {
      ...env,
      METRICS_SUMMARY: {
        getByName: () => ({
          add: () => Promise.reject(new Error("object unreachable")),
          read: () => Promise.reject(new Error("object unreachable")),
        }),
      },
    };
    const client = appClient(broken);
    expect((await client("/v1/places?q=par&limit=1")).status).toBe(200);

    const res = await client("/v1/admin/metrics", { headers: ADMIN });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/metrics-unavailable",
      title: "The metrics summary could not be read",
      status: 503,
      code: "METRICS_UNAVAILABLE",
      detail: "The metrics summary could not be read. Try again shortly.",
      instance: "/v1/admin/metrics",
      request_id: expect.any(String),
    });
  });

  it("keeps the last hour only", async () => {
    const summary = metricsSummary(env);
    const now = Date.now();
    const minute = Math.floor(now / 60_000);
    const tally = emptyTally();
    tally.c["req|GET /old|-"] = 1;
    await summary.add([{ minute: minute - 61, tally }]);
    const window = await summary.read(now, 60);
    expect(window.total.c["req|GET /old|-"]).toBeUndefined();
    expect(window.toMinute - window.fromMinute).toBe(59);
  });
});

describe("metrics: histograms", () => {
  it("reads p95 as the upper bound of the bucket holding the 95th percentile", () => {
    const t = emptyTally();
    for (let i = 0; i < 94; i++) observe(t, "x", 20);
    for (let i = 0; i < 6; i++) observe(t, "x", 700);
    expect(quantile(t.h.x, 0.5)).toBe(25);
    expect(quantile(t.h.x, 0.95)).toBe(1000);
    expect(quantile(undefined, 0.95)).toBeNull();
  });

  it("flushes a busy isolate once its buffer holds enough events, whatever the clock says", () => {
    const buffer = new MetricsBuffer(() => 5_000_000);
    buffer.add({ kind: "email", outcome: "sent" });
    expect(buffer.due()).toBe(true);
    buffer.take();
    for (let i = 0; i < 499; i++) buffer.add({ kind: "email", outcome: "sent" });
    expect(buffer.due()).toBe(false);
    buffer.add({ kind: "email", outcome: "sent" });
    expect(buffer.due()).toBe(true);
  });
});
