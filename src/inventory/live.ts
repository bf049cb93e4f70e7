import type { PoolAvailability } from "./contract";

/**
 * Live availability: pages of a unit keep a WebSocket to its inventory object, which sends what
 * a hold could get now after every change it publishes. The sockets use the hibernation API, so
 * an idle page costs the object nothing; clients never send anything that matters.
 */
export const LIVE_POLICY = {
  /** Sockets one object keeps; more are refused (503) and those pages poll instead. */
  maxSockets: 2_000,
  /** How long an isolate reuses a unit's polled availability (the fallback without WebSockets). */
  pollMemoSeconds: 5,
} as const;

export interface LivePool {
  pool: string;
  label: string;
  available: number;
}

export const livePools = (rows: PoolAvailability[]): LivePool[] =>
  rows.map(({ pool, label, available }) => ({ pool, label, available }));

export const liveMessage = (rows: PoolAvailability[]): string =>
  JSON.stringify({ type: "availability", pools: livePools(rows) });
