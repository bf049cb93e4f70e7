/**
 * The one Node API the benchmark's Worker entry uses (workerd provides it with nodejs_compat).
 * Declared here rather than through @types/node, whose globals would clash with the Workers types.
 */
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, fn: () => R): R;
    getStore(): T | undefined;
  }
}
