import type { AppEnv } from "../../src/env";
import { meterBindings } from "./metering";
import { selectableKv } from "./tiers";

const wrapped = new WeakMap<AppEnv, AppEnv>();
let redisUrl: string | undefined;

/** The env every handler of the benchmark's Worker sees: counted bindings, a selectable KV tier. */
export function benchEnv(env: AppEnv): AppEnv {
  let bench = wrapped.get(env);
  if (!bench) {
    const metered = meterBindings(env);
    bench = { ...metered, ROUTE_CACHE: selectableKv(metered.ROUTE_CACHE) };
    wrapped.set(env, bench);
    redisUrl = env.UPSTASH_REDIS_REST_URL;
  }
  return bench;
}

/** The Redis database the Worker was given, for the client-side command count. */
export function configuredRedisUrl(): string | undefined {
  return redisUrl;
}
