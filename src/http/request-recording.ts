import { REQUEST_RECORDING } from "../config";

export interface RecordingPolicy {
  /** Share of fast, successful reads recorded, 0 to 1. */
  readRate: number;
  slowMs: number;
}

const EVERYTHING_IN = new Set(["development", "test"]);

/**
 * The policy for this deployment: REQUEST_RECORDING, everything where ENVIRONMENT is development or
 * test, and REQUEST_SAMPLE_RATE over both when it is a number from 0 to 1 (anything else is ignored:
 * a typo must not switch logging off).
 */
export function recordingPolicy(env: RecordingEnv): RecordingPolicy {
  let policy = policies.get(env);
  if (!policy) {
    policy = policyOf(env);
    policies.set(env, policy);
  }
  return policy;
}

type RecordingEnv = { ENVIRONMENT?: string; REQUEST_SAMPLE_RATE?: string };

/** Per env object: an isolate's requests share one, so the variable is read once, not per request. */
const policies = new WeakMap<RecordingEnv, RecordingPolicy>();

function policyOf(env: RecordingEnv): RecordingPolicy {
  const text = env.REQUEST_SAMPLE_RATE?.trim();
  const override = text ? Number(text) : Number.NaN;
  const readRate =
    override >= 0 && override <= 1
      ? override
      : EVERYTHING_IN.has(env.ENVIRONMENT ?? "")
        ? 1
        : REQUEST_RECORDING.readRate;
  return { readRate, slowMs: REQUEST_RECORDING.slowMs };
}

export interface AnsweredRequest {
  method: string;
  status: number;
  durationMs: number;
}

/**
 * How many requests like this one its log line and data point stand for: 1 for anything worth
 * reading on its own (a write, a server error, a slow answer), 1/readRate for a read drawn into the
 * sample, 0 for a read left out. Weighted sums over the kept ones estimate the whole traffic.
 */
export function recordingWeight(
  request: AnsweredRequest,
  policy: RecordingPolicy,
  random: () => number = Math.random,
): number {
  const read = request.method === "GET" || request.method === "HEAD";
  if (!read || request.status >= 500 || request.durationMs >= policy.slowMs || policy.readRate >= 1) return 1;
  if (policy.readRate <= 0) return 0;
  return random() < policy.readRate ? 1 / policy.readRate : 0;
}
