import type { Fare } from "../fixtures.ts";
import type { LoadResult } from "../load.ts";
import { type BenchContext, get, measure, type Scenario } from "../scenario.ts";

/** The bench's large fare class: every hold is granted, so the object's real work is measured. */
const HOLD_CAPACITY = 10_000_000;

/** A pool of the object (src/inventory/contract.ts PoolAvailability): a departure's pools are its cabins. */
interface Availability {
  pool: string;
  capacity: number;
  held: number;
  sold: number;
  available: number;
}

/** The departure's object, called from Node through Miniflare (what an operator would read). */
async function inventory(ctx: BenchContext, departureId: string) {
  const ns = await ctx.worker.mf.getDurableObjectNamespace("INVENTORY");
  // Miniflare's proxy types the stub without our class's methods.
  const stub = ns.get(ns.idFromName(departureId)) as unknown as {
    availability(): Promise<Availability[]>;
    audit(): Promise<{ ok: boolean; violations: string[] }>;
  };
  const rows = await stub.availability();
  const audit = await stub.audit();
  return { rows, auditOk: await audit.ok, violations: [...(await audit.violations)] };
}

const holdBody = (fare: Fare) => JSON.stringify({ departure_id: fare.departureId, cabin: fare.cabin, passengers: 1 });
const granted = (load: LoadResult | null) => load?.status["201"] ?? 0;

export const doPing: Scenario = {
  id: "do-ping",
  title: "Bare Durable Object call",
  async run(ctx) {
    const { departureId } = ctx.fixtures.holdFare;
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `GET /__bench/do-ping (bench-only route): ping() on the same departure's object (returns Date.now(), ` +
        `no storage), ${ctx.opts.doConnections} concurrent clients.`,
      requests: [get(`/__bench/do-ping?departure_id=${departureId}`)],
      connections: ctx.opts.doConnections,
    });
    return result;
  },
};

export const holds: Scenario = {
  id: "holds",
  title: "Holds on one departure",
  async run(ctx) {
    const fare = ctx.fixtures.holdFare;
    const db = await ctx.worker.mf.getD1Database("DB");
    // Before the object first loads the departure from D1, so it starts with this capacity.
    await db
      .prepare("UPDATE fare_classes SET capacity = ?1, seats_available = ?1 WHERE departure_id = ?2 AND cabin = ?3")
      .bind(HOLD_CAPACITY, fare.departureId, fare.cabin)
      .run();
    const { result, warmup } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `POST /v1/holds (1 seat, ${fare.cabin}) on ${fare.departureId}, ${ctx.opts.doConnections} concurrent clients; ` +
        `the fare's capacity is raised to ${HOLD_CAPACITY.toLocaleString("en")} in D1 first, so every hold is granted.`,
      requests: [
        { method: "POST", path: "/v1/holds", headers: { "content-type": "application/json" }, body: holdBody(fare) },
      ],
      connections: ctx.opts.doConnections,
    });
    const seats = granted(warmup) + granted(result.load);
    // When a run stops, the load generator drops up to one request per connection that the
    // Worker still completes: those holds exist but their 201 was never read.
    const cutOff = ctx.opts.doConnections * (result.runs.length + (warmup ? 1 : 0));
    const state = await inventory(ctx, fare.departureId);
    const row = state.rows.find((r) => r.pool === fare.cabin);
    const committed = row ? row.held + row.sold : Number.NaN;
    result.checks.push({
      name: "holds granted = seats held, within capacity",
      ok:
        row !== undefined &&
        committed >= seats &&
        committed <= seats + cutOff &&
        committed <= row.capacity &&
        state.auditOk,
      detail:
        `${seats} holds read as 201, the object counts ${committed} seats held of ${row?.capacity} ` +
        `(${committed - seats} from requests cut off when the load stopped, at most ${cutOff}); ledger audit ${state.auditOk ? "ok" : `failed: ${state.violations.join("; ")}`}`,
    });
    result.checks.push(await contention(ctx));
    return result;
  },
};

/** Five clients per seat at once on a small fare class: exactly its capacity is granted. */
async function contention(ctx: BenchContext) {
  const fare = ctx.fixtures.contentionFare;
  const clients = fare.capacity * 5;
  const statuses = await Promise.all(
    Array.from({ length: clients }, async () => {
      const res = await fetch(new URL("/v1/holds", ctx.base), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: holdBody(fare),
      });
      await res.arrayBuffer();
      return res.status;
    }),
  );
  const ok = statuses.filter((s) => s === 201).length;
  const refused = statuses.filter((s) => s === 409).length;
  const state = await inventory(ctx, fare.departureId);
  const row = state.rows.find((r) => r.pool === fare.cabin);
  return {
    name: "no oversell under contention",
    ok: ok === fare.capacity && refused === clients - ok && row?.held === fare.capacity && state.auditOk,
    detail: `${clients} concurrent holds on ${fare.capacity} seats: ${ok} granted, ${refused} refused (409), object holds ${row?.held} (audit ${state.auditOk ? "ok" : "failed"})`,
  };
}
