import { env } from "cloudflare:test";

/** The ROUTE_CACHE binding, recording how many keys each read asked for (a bulk read: several). */
export function countingKv(): { kv: KVNamespace; reads: number[] } {
  const reads: number[] = [];
  const kv = new Proxy(env.ROUTE_CACHE, {
    get(target, prop) {
      if (prop === "get") {
        return (key: string | string[], options: unknown) => {
          reads.push(Array.isArray(key) ? key.length : 1);
          return target.get(key as never, options as never);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { kv, reads };
}
