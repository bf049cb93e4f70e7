import { AsyncLocalStorage } from "node:async_hooks";
import type { TierName } from "../../src/cache/tier";
import type { AppEnv } from "../../src/env";

/**
 * The benchmark's cost counters, applied from outside the production code: the Worker's bindings
 * are wrapped so that every D1 statement, KV operation, Durable Object call, queue message and
 * Analytics Engine point is counted where it happens, so is every console line (meterConsole),
 * and Redis commands are counted at the client's HTTP transport
 * (bench/entry/redis.ts), which is what Upstash bills. Counts go to the isolate's totals
 * (`GET /__bench/costs`, background work included) and to the request whose work it is, for its
 * `x-cost` header.
 */
export type Counter =
  | "d1_queries"
  | "d1_rows_read"
  | "d1_rows_written"
  | "kv_reads"
  | "kv_writes"
  | "kv_lists"
  | "do_calls"
  | `do_calls:${MeteredObject}`
  | "do_gb_s"
  | "do_rows_read"
  | "do_rows_written"
  /** The trip coordinator's share of do_rows_read / do_rows_written (its KV-API storage), not priced twice. */
  | "do_rows_read:TRIPS"
  | "do_rows_written:TRIPS"
  | "queue_messages"
  | "redis_commands"
  /** Workers Logs bills each console line (invocation logs are off in wrangler.toml). */
  | "log_events"
  /** Analytics Engine bills each writeDataPoint. */
  | "ae_points";

type MeteredObject = "INVENTORY" | "METRICS_SUMMARY" | "WAITING_ROOM" | "TRIPS";

/** One request of the benchmark: what it costs while it is answered, and which cache tiers it skips. */
export interface RequestScope {
  counts: Map<Counter, number>;
  hiddenTiers: ReadonlySet<TierName>;
}

/** Follows a request into everything it starts, background work (waitUntil) included. */
export const requestScope = new AsyncLocalStorage<RequestScope>();

const totals = new Map<Counter, number>();

export function count(counter: Counter, n = 1): void {
  totals.set(counter, (totals.get(counter) ?? 0) + n);
  const scope = requestScope.getStore();
  scope?.counts.set(counter, (scope.counts.get(counter) ?? 0) + n);
}

/** For counts no single request owns (an object's busy time is shared by every call in it). */
export function countForIsolate(counter: Counter, n: number): void {
  totals.set(counter, (totals.get(counter) ?? 0) + n);
}

/** What Durable Objects bill duration for: 128 MB, whatever the object uses. */
export const DO_MEMORY_GB = 0.128;

/**
 * Wall time each object is busy with calls: from the first call that finds it idle until no call
 * is left, so overlapping calls count once (Cloudflare bills an object's duration "shared across
 * all requests active on an Object at once"). Timed from the caller's side, so it includes the
 * trip to the object and back: an upper bound of what the object is billed.
 */
export class ObjectActivity {
  private readonly busy = new Map<string, { calls: number; since: number }>();

  started(object: string, now: number): void {
    const state = this.busy.get(object);
    if (state) state.calls++;
    else this.busy.set(object, { calls: 1, since: now });
  }

  /** Milliseconds the object was busy, when this was its last call; 0 otherwise. */
  ended(object: string, now: number): number {
    const state = this.busy.get(object);
    if (!state) return 0;
    if (--state.calls > 0) return 0;
    this.busy.delete(object);
    return Math.max(0, now - state.since);
  }
}

const activity = new ObjectActivity();

/** This isolate's counts since it started (or since the last reset). */
export function isolateTotals(reset = false): Record<string, number> {
  const out = Object.fromEntries(totals);
  if (reset) totals.clear();
  return out;
}

/** `d1_queries=1, d1_rows_read=25`: what the request counted by the time it answered. */
export function costHeader(scope: RequestScope): string {
  return [...scope.counts].map(([k, v]) => `${k}=${v}`).join(", ");
}

/** The env with its D1, KV, Durable Object and queue bindings counting what they are asked. */
export function meterBindings(env: AppEnv): AppEnv {
  return {
    ...env,
    DB: meterD1(env.DB),
    ROUTE_CACHE: meterKv(env.ROUTE_CACHE),
    // Every object the Worker calls is billed the same way: inventory, the metrics summary, waiting rooms, trips.
    INVENTORY: meterNamespace(env.INVENTORY, "INVENTORY"),
    TRIPS: meterNamespace(env.TRIPS, "TRIPS"),
    METRICS_SUMMARY: meterNamespace(env.METRICS_SUMMARY, "METRICS_SUMMARY"),
    WAITING_ROOM: meterNamespace(env.WAITING_ROOM, "WAITING_ROOM"),
    PAYMENT_JOBS: meterQueue(env.PAYMENT_JOBS),
    EMAIL_JOBS: meterQueue(env.EMAIL_JOBS),
    METRICS: env.METRICS && meterDataset(env.METRICS),
  };
}

function meterDataset(dataset: AnalyticsEngineDataset): AnalyticsEngineDataset {
  return intercept(dataset, {
    writeDataPoint: (original, args) => {
      count("ae_points");
      return original(...args);
    },
  });
}

/** Counts every line the isolate logs (objects' lines too: they run in this isolate), once per isolate. */
export function meterConsole(): void {
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      count("log_events");
      original(...args);
    };
  }
}

type Fn = (...args: unknown[]) => unknown;

/** A proxy whose listed methods run `hook` around the original; everything else passes through. */
export function intercept<T extends object>(
  target: T,
  hooks: Record<string, (original: Fn, args: unknown[]) => unknown>,
): T {
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
  count("d1_queries");
  count("d1_rows_read", result.meta?.rows_read ?? result.results?.length ?? 0);
  count("d1_rows_written", result.meta?.rows_written ?? 0);
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
      count("d1_queries");
      count("d1_rows_read", rows.length);
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
      count("d1_queries", result.count);
      return result;
    },
    withSession: (original, args) => meterD1(original(...args) as D1DatabaseSession),
  });
}

function meterKv(kv: KVNamespace): KVNamespace {
  const reads = (original: Fn, args: unknown[]) => {
    count("kv_reads", Array.isArray(args[0]) ? args[0].length : 1);
    return original(...args);
  };
  const writes = (original: Fn, args: unknown[]) => {
    count("kv_writes");
    return original(...args);
  };
  return intercept(kv, {
    get: reads,
    getWithMetadata: reads,
    put: writes,
    delete: writes,
    list: (original, args) => {
      count("kv_lists");
      return original(...args);
    },
  });
}

function meterStub<T extends object>(stub: T, object: string, binding: MeteredObject): T {
  return new Proxy(stub, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop);
      if (typeof value !== "function" || prop === "then") return value;
      return (...args: unknown[]) => {
        count("do_calls");
        count(`do_calls:${binding}`);
        activity.started(object, Date.now());
        const done = () => countForIsolate("do_gb_s", (activity.ended(object, Date.now()) / 1000) * DO_MEMORY_GB);
        try {
          return Promise.resolve(Reflect.apply(value as Fn, t, args)).finally(done);
        } catch (error) {
          done();
          throw error;
        }
      };
    },
  });
}

/** Every call is billed alike (`do_calls`); `do_calls:<BINDING>` says which kind of object was asked. */
function meterNamespace<T extends DurableObjectNamespace>(ns: T, binding: MeteredObject): T {
  return intercept(ns, {
    get: (original, args) => meterStub(original(...args) as object, String(args[0]), binding),
    getByName: (original, args) =>
      meterStub(original(...args) as object, ns.idFromName(String(args[0])).toString(), binding),
  });
}

const meteredSql = new WeakSet<object>();

/**
 * The object's own SQLite, counted as Cloudflare bills it: rows read and written per statement
 * (the cursor's counters). workerd accepts only its own DurableObjectState in an object's
 * constructor, so this cannot hand the object a wrapped one: it wraps `exec` on the SqlStorage
 * prototype, once per isolate (the benchmark's Worker only). A statement runs when exec() returns
 * unless it yields rows, so the writes the object does (INSERT, UPDATE, DELETE without RETURNING)
 * are complete by then; rows read by a SELECT are counted when toArray() or one() returns.
 */
export function meterSqlStorage(sql: SqlStorage): void {
  const proto = Object.getPrototypeOf(sql) as { exec: Fn };
  if (meteredSql.has(proto)) return;
  meteredSql.add(proto);
  const exec = proto.exec;
  proto.exec = function (this: SqlStorage, ...args: unknown[]) {
    const cursor = Reflect.apply(exec, this, args) as SqlStorageCursor<Record<string, SqlStorageValue>>;
    countForIsolate("do_rows_written", cursor.rowsWritten);
    return intercept(cursor, {
      toArray: (read, readArgs) => {
        const rows = read(...readArgs);
        countForIsolate("do_rows_read", cursor.rowsRead);
        return rows;
      },
      one: (read, readArgs) => {
        const row = read(...readArgs);
        countForIsolate("do_rows_read", cursor.rowsRead);
        return row;
      },
    });
  };
}

function meterQueue(queue: Queue): Queue {
  return intercept(queue, {
    send: (original, args) => {
      count("queue_messages");
      return original(...args);
    },
    sendBatch: (original, args) => {
      count("queue_messages", (args[0] as unknown[]).length);
      return original(...args);
    },
  });
}
