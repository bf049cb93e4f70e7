/**
 * The one reader of bench/results*.json for the capacity model: what one request of each
 * scenario costs in billable operations. New fields of the bench (medians of several runs,
 * Durable Object duration, storage rows) plug in here and nowhere else.
 */
import { readFileSync } from "node:fs";

export interface ScenarioOps {
  id: string;
  /** Billable operations per request (a journey's counts divided by its requests). */
  perRequest: Record<string, number>;
}

interface RawScenario {
  id: string;
  requestsPerUnit?: number;
  costs?: Record<string, number>;
  /** Later bench versions: medians of several runs take precedence over one run's costs. */
  medianCosts?: Record<string, number>;
}

export function readScenarios(file: string): Map<string, ScenarioOps> {
  const raw = JSON.parse(readFileSync(file, "utf8")) as { scenarios?: RawScenario[] };
  const out = new Map<string, ScenarioOps>();
  for (const s of raw.scenarios ?? []) {
    const perUnit = s.medianCosts ?? s.costs ?? {};
    const per = s.requestsPerUnit && s.requestsPerUnit > 0 ? s.requestsPerUnit : 1;
    const perRequest: Record<string, number> = {};
    for (const [key, n] of Object.entries(perUnit)) {
      // `meter:` rows are the client-side view of the same counts; `redis_server_commands` is not what Upstash bills.
      if (key.startsWith("meter:") || key === "redis_server_commands") continue;
      perRequest[key] = n / per;
    }
    out.set(s.id, { id: s.id, perRequest });
  }
  return out;
}
