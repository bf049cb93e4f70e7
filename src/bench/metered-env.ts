import type { AppEnv } from "../env";
import type { CostCounter } from "../lib/metrics";

/**
 * Benchmark only (BENCH_COUNTERS set): the Worker's bindings wrapped so that every D1 statement,
 * KV operation, Durable Object call and queue message is counted where it happens. The per-request
 * `x-cost` header shows what the code counts while it answers; this also sees what runs after the
 * response (cache fills in waitUntil, stale refreshes) and in queue consumers, and what a route
 * forgot to count. The harness reads the isolate's totals before and after each scenario.
 *
 * The Durable Object wraps its env the same way, so its D1 reads and writes (loading a departure,
 * publishing availability) count too; its own SQLite storage does not. Redis is not counted here:
 * the harness reads redis-server's own command count.
 */
export type BindingCounter =
  | "d1_queries"
  | "d1_rows_read"
  | "d1_rows_written"
  | "kv_reads"
  | "kv_writes"
  | "kv_lists"
  | "do_calls"
  | "queue_messages";

const totals = new Map<string, number>();

function add(counter: BindingCounter, n = 1): void {
  totals.set(counter, (totals.get(counter) ?? 0) + n);
}

/**
 * What the code's own CostMeter counts, summed over requests (background work included), as
 * `meter:<counter>`. Redis commands are counted only this way: Upstash bills each command
 * sent, and only the client knows which ones it sent (redis-server also counts the commands
 * run inside Lua scripts).
 */
export function addMeteredCount(counter: CostCounter, n: number): void {
  totals.set(`meter:${counter}`, (totals.get(`meter:${counter}`) ?? 0) + n);
}

/** This isolate's counts since it started (or since the last reset). */
export function bindingTotals(reset = false): Record<string, number> {
  const out = Object.fromEntries(totals);
  if (reset) totals.clear();
  return out;
}

const wrapped = new WeakMap<AppEnv, AppEnv>();

/** The env itself unless BENCH_COUNTERS is set: production never pays for a proxy. */
export function benchEnv(env: AppEnv): AppEnv {
  if (!env.BENCH_COUNTERS) return env;
  let metered = wrapped.get(env);
  if (!metered) {
    metered = {
      ...env,
      DB: meterD1(env.DB),
      ROUTE_CACHE: meterKv(env.ROUTE_CACHE),
      INVENTORY: meterNamespace(env.INVENTORY),
      PAYMENT_JOBS: meterQueue(env.PAYMENT_JOBS),
      EMAIL_JOBS: meterQueue(env.EMAIL_JOBS),
    };
    wrapped.set(env, metered);
  }
  return metered;
}

type Fn = (...args: unknown[]) => unknown;

/** A proxy whose listed methods run `hook` around the original; everything else passes through. */
function intercept<T extends object>(target: T, hooks: Record<string, (original: Fn, args: unknown[]) => unknown>): T {
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop);
      if (typeof value !== "function") return value;
      const hook = typeof prop === "string" ? hooks[prop] : undefined;
      const original = (...args: unknown[]) => Reflect.apply(value as Fn, t, args);
      return hook ? (...args: unknown[]) => hook(original, args) : original;
    },
  });
}

interface Meta {
  meta?: { rows_read?: number; rows_written?: number };
  results?: unknown[];
}

function countResult(result: Meta): void {
  add("d1_queries");
  add("d1_rows_read", result.meta?.rows_read ?? result.results?.length ?? 0);
  add("d1_rows_written", result.meta?.rows_written ?? 0);
}

const innerStatements = new WeakMap<object, D1PreparedStatement>();

function meterStatement(statement: D1PreparedStatement): D1PreparedStatement {
  const proxy = intercept(statement, {
    bind: (original, args) => meterStatement(original(...args) as D1PreparedStatement),
    all: async (original, args) => {
      const result = (await original(...args)) as Meta;
      countResult(result);
      return result;
    },
    run: async (original, args) => {
      const result = (await original(...args)) as Meta;
      countResult(result);
      return result;
    },
    // first() returns no meta: run it as all(), which D1 bills the same way.
    first: async (_original, args) => {
      const result = (await statement.all()) as Meta & { results: Record<string, unknown>[] };
      countResult(result);
      const row = result.results[0];
      if (row === undefined) return null;
      return typeof args[0] === "string" ? row[args[0]] : row;
    },
    // raw() returns no meta either; rows returned is a lower bound on rows read.
    raw: async (original, args) => {
      const rows = (await original(...args)) as unknown[];
      add("d1_queries");
      add("d1_rows_read", rows.length);
      return rows;
    },
  });
  innerStatements.set(proxy, statement);
  return proxy;
}

function meterD1<T extends D1Database | D1DatabaseSession>(db: T): T {
  return intercept(db, {
    prepare: (original, args) => meterStatement(original(...args) as D1PreparedStatement),
    batch: async (original, args) => {
      const statements = (args[0] as D1PreparedStatement[]).map((s) => innerStatements.get(s) ?? s);
      const results = (await original(statements, ...args.slice(1))) as Meta[];
      for (const result of results) countResult(result);
      return results;
    },
    exec: async (original, args) => {
      const result = (await original(...args)) as { count: number };
      add("d1_queries", result.count);
      return result;
    },
    withSession: (original, args) => meterD1(original(...args) as D1DatabaseSession),
  });
}

function meterKv(kv: KVNamespace): KVNamespace {
  const reads = (original: Fn, args: unknown[]) => {
    add("kv_reads", Array.isArray(args[0]) ? args[0].length : 1);
    return original(...args);
  };
  const writes = (original: Fn, args: unknown[]) => {
    add("kv_writes");
    return original(...args);
  };
  return intercept(kv, {
    get: reads,
    getWithMetadata: reads,
    put: writes,
    delete: writes,
    list: (original, args) => {
      add("kv_lists");
      return original(...args);
    },
  });
}

function meterStub<T extends object>(stub: T): T {
  return new Proxy(stub, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop);
      if (typeof value !== "function" || prop === "then") return value;
      return (...args: unknown[]) => {
        add("do_calls");
        return Reflect.apply(value as Fn, t, args);
      };
    },
  });
}

function meterNamespace<T extends DurableObjectNamespace>(ns: T): T {
  return intercept(ns, {
    get: (original, args) => meterStub(original(...args) as object),
    getByName: (original, args) => meterStub(original(...args) as object),
  });
}

function meterQueue(queue: Queue): Queue {
  return intercept(queue, {
    send: (original, args) => {
      add("queue_messages");
      return original(...args);
    },
    sendBatch: (original, args) => {
      add("queue_messages", (args[0] as unknown[]).length);
      return original(...args);
    },
  });
}
