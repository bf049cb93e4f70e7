import type { ChargeRequest, PaymentOutcome, PaymentProvider, RefundRequest } from "../../src/payments/provider";

/**
 * Fault injection at the boundaries the code already has: a binding object, a D1 handle, a
 * payment provider. Each wrapper forwards to the real thing except where it is told to fail, so
 * what a test observes is the production code path meeting a real failure shape.
 */

export class InjectedFault extends Error {
  constructor(what: string) {
    super(`injected fault: ${what}`);
    this.name = "InjectedFault";
  }
}

type KvMode = "ok" | "throw";

/**
 * ROUTE_CACHE whose reads and/or writes throw, as KV does during an incident. With `reads: "ok"`
 * reads go to the real namespace, so a test can fail writes only. Counts what was attempted.
 */
export function faultyKv(real: KVNamespace, modes: { reads: KvMode; writes: KvMode }) {
  const attempts = { reads: 0, writes: 0 };
  const read =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      attempts.reads++;
      if (modes.reads === "throw") throw new InjectedFault("KV read");
      return fn(...args);
    };
  const write =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      attempts.writes++;
      if (modes.writes === "throw") throw new InjectedFault("KV write");
      return fn(...args);
    };
  const kv = {
    // KV's get is overloaded by `type`; the options are passed through untouched.
    get: read((key: string, options?: unknown) =>
      (real.get as (k: string, o?: unknown) => Promise<unknown>).call(real, key, options),
    ),
    getWithMetadata: read((key: string) => real.getWithMetadata(key)),
    list: read((options?: KVNamespaceListOptions) => real.list(options)),
    put: write((key: string, value: string, options?: KVNamespacePutOptions) => real.put(key, value, options)),
    delete: write((key: string) => real.delete(key)),
  };
  return { kv: kv as unknown as KVNamespace, attempts };
}

/**
 * A D1 handle (database or session) whose next `batch` calls fail before reaching D1, as when
 * the Worker loses D1 (or dies) between two awaits. Everything else is the real handle.
 */
export function d1FailingBatches<T extends D1Database | D1DatabaseSession>(real: T, failures = 1) {
  let left = failures;
  const d1 = new Proxy(real, {
    get(target, prop) {
      if (prop === "batch" && left > 0) {
        return async () => {
          left--;
          throw new InjectedFault("D1 batch");
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { d1, remaining: () => left };
}

export type ProviderHook = (
  kind: "charge" | "refund",
  request: ChargeRequest | RefundRequest,
  outcome: PaymentOutcome,
) => Promise<PaymentOutcome | undefined> | PaymentOutcome | undefined;

/**
 * Runs `hook` after the real provider answered and before the consumer sees the answer: the
 * place where a webhook can overtake the call, where an answer can be lost (money moved, the
 * caller saw a timeout) or where the Worker can die. The hook may replace the outcome or throw.
 */
export function interceptProvider(real: PaymentProvider, hook: ProviderHook): PaymentProvider {
  return {
    name: real.name,
    parseWebhook: (body) => real.parseWebhook(body),
    async charge(request) {
      const outcome = await real.charge(request);
      return (await hook("charge", request, outcome)) ?? outcome;
    },
    async refund(request) {
      const outcome = await real.refund(request);
      return (await hook("refund", request, outcome)) ?? outcome;
    },
  };
}

/** The provider took the money but the answer never arrived: the caller sees a timeout. */
export const loseAnswerOnce = (): ProviderHook => {
  let lost = false;
  return (_kind, _request, outcome) => {
    if (lost || outcome.status !== "succeeded") return undefined;
    lost = true;
    return { status: "retryable", reason: "timeout" };
  };
};

/** The Worker dies after the provider succeeded and before anything is written to D1. */
export const crashAfterSuccessOnce = (kind: "charge" | "refund" = "charge"): ProviderHook => {
  let crashed = false;
  return (k, _request, outcome) => {
    if (crashed || k !== kind || outcome.status !== "succeeded") return undefined;
    crashed = true;
    throw new InjectedFault(`worker died after the ${kind} succeeded`);
  };
};
