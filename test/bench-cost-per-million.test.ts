import { describe, expect, it } from "vitest";
import { costPerMillion, cpuCostPerMillion } from "../bench/prices.ts";

describe("benchmark cost per million", () => {
  it("prices each counter per unit, plus one Workers request per HTTP request", () => {
    const cost = costPerMillion({ kv_reads: 1, d1_queries: 1, d1_rows_read: 30, redis_commands: 3 }, 1);
    expect(cost.byCounter).toEqual({
      workers_requests: 0.3,
      kv_reads: 0.5,
      d1_rows_read: expect.closeTo(0.03, 10),
      redis_commands: 6,
    });
    expect(cost.total).toBeCloseTo(6.83, 10);
  });

  it("counts a journey's HTTP requests and three queue operations per message", () => {
    const cost = costPerMillion({ queue_messages: 2, do_calls: 4, d1_rows_written: 37 }, 10);
    expect(cost.byCounter).toEqual({
      workers_requests: 3,
      queue_messages: expect.closeTo(2.4, 10),
      do_calls: expect.closeTo(0.6, 10),
      d1_rows_written: 37,
    });
    expect(cost.total).toBeCloseTo(43, 10);
  });

  it("leaves CPU time out of the total and prices it apart", () => {
    expect(costPerMillion({ workers_cpu_ms: 5 }, 1).total).toBeCloseTo(0.3, 10);
    expect(cpuCostPerMillion(1.5)).toBeCloseTo(0.03, 10);
  });
});
