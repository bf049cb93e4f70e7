import type { MetricEvent } from "./events";

/**
 * The Analytics Engine data point schema, defined here once (docs/operations.md has a SQL API
 * query per metric). Every point: `index1` = the event kind (the sampling key: Analytics Engine
 * samples per index, so one kind's volume never thins another's), `blob1` = the kind again (so
 * queries filter on a blob), then per kind:
 *
 * | kind        | blobs                                   | doubles                          |
 * | ----------- | --------------------------------------- | -------------------------------- |
 * | request     | 2 method, 3 route pattern, 4 cache tier | 1 duration ms, 2 status, 3 weight |
 * | hold        | 2 outcome, 3 product, 4 refusal code    | 1 count (1)                      |
 * | queue       | 2 queue                                 | 1 lag ms, 2 attempts             |
 * | dead_letter | 2 queue                                 | 1 count (1)                      |
 * | payment     | 2 operation (charge, refund), 3 outcome | 1 count (1)                      |
 * | email       | 2 outcome                               | 1 count (1)                      |
 * | invariant   | 2 unit id                               | 1 violations                     |
 *
 * Counts are summed with `SUM(_sample_interval * double1)`, never `COUNT()`, so sampling is undone;
 * requests with `SUM(_sample_interval * double3)`, which also undoes our own sampling of reads.
 */
export function dataPoint(e: MetricEvent): AnalyticsEngineDataPoint {
  const point = (blobs: (string | null)[], doubles: number[]): AnalyticsEngineDataPoint => ({
    indexes: [e.kind],
    blobs: [e.kind, ...blobs.map((b) => b ?? "")],
    doubles,
  });
  switch (e.kind) {
    case "request":
      return point([e.method, e.route, e.tier], [e.durationMs, e.status, e.weight]);
    case "hold":
      return point([e.outcome, e.product, e.code], [1]);
    case "queue":
      return point([e.queue], [e.lagMs, e.attempts]);
    case "dead_letter":
      return point([e.queue], [1]);
    case "payment":
      return point([e.operation, e.outcome], [1]);
    case "email":
      return point([e.outcome], [1]);
    case "invariant":
      return point([e.unitId], [e.violations]);
  }
}
