import type { Miniflare } from "miniflare";
import { get, measure, type Scenario } from "../scenario.ts";

/**
 * Trips: one POST /v1/trips holding a departure, a property's nights and an event's ticket (three
 * inventory objects, placed one after the other by a coordinator object of its own), against the
 * bare round trips to the same three objects, one after the other, in the same run. The difference
 * is what all or nothing costs: the coordinator's own call and storage, and each hold's work.
 */
const HOLD_CAPACITY = 10_000_000;
const NIGHTS = 3;
const DEPARTURE_DAY = 6;
const CHECK_IN_DAY = 10;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

interface TripUnits {
  currency: string;
  departure: { id: string; cabin: string };
  property: { id: string; roomTypeId: string };
  event: { id: string; tierId: string };
}

let chosen: Promise<TripUnits> | null = null;

/**
 * Three units selling in one currency (a trip is paid once), none of them another scenario's: the
 * least popular event tier on sale, the last open property, the largest fare class six days out.
 * Their capacities are raised in D1 before any object loads them, so every trip is granted.
 */
function tripUnits(mf: Miniflare): Promise<TripUnits> {
  chosen ??= (async () => {
    const db = await mf.getD1Database("DB");
    const now = Math.floor(Date.now() / 1000);
    // Currencies sold by open properties and by departures that day: small sets, intersected here.
    const currencies = async (sql: string, ...args: (string | number)[]) =>
      new Set(
        (
          await db
            .prepare(sql)
            .bind(...args)
            .all<{ currency: string }>()
        ).results.map((r) => r.currency),
      );
    const stayCurrencies = await currencies(
      "SELECT DISTINCT p.currency FROM properties p JOIN room_types r ON r.property_id = p.id WHERE p.status = 'open' AND r.min_stay <= ?1",
      NIGHTS,
    );
    const fareCurrencies = await currencies(
      "SELECT DISTINCT f.currency FROM fare_classes f JOIN departures d ON d.id = f.departure_id WHERE d.service_date = ?1",
      day(DEPARTURE_DAY),
    );
    const shared = [...stayCurrencies].filter((c) => fareCurrencies.has(c));
    const event = await db
      .prepare(
        `SELECT t.event_id AS id, t.tier_id AS tierId, e.currency FROM ticket_tiers t JOIN events e ON e.id = t.event_id
          WHERE e.status = 'scheduled' AND e.sales_open_at <= ?1 AND e.sales_close_at > ?1 + 86400
            AND coalesce(t.sales_open_at, 0) <= ?1 AND coalesce(t.sales_close_at, e.sales_close_at) > ?1 + 86400
            AND e.currency IN (SELECT value FROM json_each(?2))
          ORDER BY e.popularity, t.event_id, t.position LIMIT 1`,
      )
      .bind(now, JSON.stringify(shared))
      .first<{ id: string; tierId: string; currency: string }>();
    if (!event) throw new Error("the seed has no event on sale with a property and a departure in its currency");
    const property = await db
      .prepare(
        `SELECT p.id, r.id AS roomTypeId FROM room_types r JOIN properties p ON p.id = r.property_id
          WHERE p.status = 'open' AND p.currency = ?1 AND r.min_stay <= ?2 ORDER BY p.id DESC, r.id LIMIT 1`,
      )
      .bind(event.currency, NIGHTS)
      .first<{ id: string; roomTypeId: string }>();
    const departure = await db
      .prepare(
        `SELECT f.departure_id AS id, f.cabin FROM fare_classes f JOIN departures d ON d.id = f.departure_id
          WHERE d.service_date = ?1 AND f.currency = ?2 ORDER BY f.capacity DESC, f.departure_id LIMIT 1`,
      )
      .bind(day(DEPARTURE_DAY), event.currency)
      .first<{ id: string; cabin: string }>();
    if (!property || !departure) throw new Error(`no property or departure in ${event.currency}`);
    await db.batch([
      db
        .prepare("UPDATE fare_classes SET capacity = ?1, seats_available = ?1 WHERE departure_id = ?2 AND cabin = ?3")
        .bind(HOLD_CAPACITY, departure.id, departure.cabin),
      db.prepare("UPDATE room_types SET room_count = ?1 WHERE id = ?2").bind(HOLD_CAPACITY, property.roomTypeId),
      db
        .prepare("UPDATE ticket_tiers SET capacity = ?1, remaining = ?1 WHERE event_id = ?2 AND tier_id = ?3")
        .bind(HOLD_CAPACITY, event.id, event.tierId),
    ]);
    return { currency: event.currency, departure, property, event: { id: event.id, tierId: event.tierId } };
  })();
  return chosen;
}

function tripBody(u: TripUnits): string {
  return JSON.stringify({
    items: [
      { departure_id: u.departure.id, cabin: u.departure.cabin, passengers: 1 },
      {
        property_id: u.property.id,
        room_type_id: u.property.roomTypeId,
        check_in: day(CHECK_IN_DAY),
        check_out: day(CHECK_IN_DAY + NIGHTS),
        rooms: 1,
        adults: 1,
      },
      { event_id: u.event.id, tier_id: u.event.tierId, quantity: 1 },
    ],
  });
}

const unitIds = (u: TripUnits) => [u.departure.id, u.property.id, u.event.id];

export const tripDoPing: Scenario = {
  id: "trip-do-ping",
  title: "Three bare Durable Object calls, one after the other",
  async run(ctx) {
    const u = await tripUnits(ctx.worker.mf);
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `GET /__bench/do-ping: ping() on ${unitIds(u).join(", ")} one after the other (no storage), the units ` +
        `trip-holds holds; ${ctx.opts.doConnections} concurrent clients.`,
      requests: [get(`/__bench/do-ping?departure_id=${unitIds(u).join(",")}`)],
      connections: ctx.opts.doConnections,
    });
    return result;
  },
};

interface Availability {
  pool: string;
  held: number;
  sold: number;
}

export const tripHolds: Scenario = {
  id: "trip-holds",
  title: "Trip holds over three objects (a departure, a property, an event)",
  async run(ctx) {
    const u = await tripUnits(ctx.worker.mf);
    const body = tripBody(u);
    const request = {
      method: "POST" as const,
      path: "/v1/trips",
      headers: { "content-type": "application/json" },
      body,
    };
    // One trip first, so a refusal stops the scenario with its reason instead of measuring 409s.
    const probe = await fetch(new URL("/v1/trips", ctx.base), { method: "POST", headers: request.headers, body });
    if (probe.status !== 201)
      throw new Error(`trip-holds: a trip was refused (${probe.status}): ${await probe.text()}`);
    await probe.arrayBuffer();
    const { result, warmup } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `POST /v1/trips (1 seat on ${u.departure.id}, 1 room for ${NIGHTS} nights at ${u.property.id}, 1 ticket of ` +
        `${u.event.id}; ${u.currency}), ${ctx.opts.doConnections} concurrent clients, a new trip (and coordinator) ` +
        `each; the three units' capacities are raised to ${HOLD_CAPACITY.toLocaleString("en")} in D1 first, so every trip is granted.`,
      requests: [request],
      connections: ctx.opts.doConnections,
    });
    const trips = 1 + (warmup?.status["201"] ?? 0) + (result.load.status["201"] ?? 0);
    const refused = Object.entries(result.load.status)
      .filter(([status]) => status !== "201")
      .reduce((n, [, c]) => n + c, 0);
    const cutOff = ctx.opts.doConnections * (result.runs.length + (warmup ? 1 : 0));
    const ns = await ctx.worker.mf.getDurableObjectNamespace("INVENTORY");
    const perUnit = await Promise.all(
      unitIds(u).map(async (id) => {
        const stub = ns.get(ns.idFromName(id)) as unknown as {
          availability(): Promise<Availability[]>;
          audit(): Promise<{ ok: boolean }>;
        };
        const rows = await stub.availability();
        const committed = rows.reduce((sum, r) => sum + r.held + r.sold, 0);
        return { id, committed, auditOk: await (await stub.audit()).ok };
      }),
    );
    const expected = [1, NIGHTS, 1];
    result.checks.push({
      name: "every granted trip holds each of its three units once",
      ok:
        refused === 0 &&
        perUnit.every(
          (p, i) =>
            p.auditOk &&
            p.committed >= trips * (expected[i] ?? 1) &&
            p.committed <= (trips + cutOff) * (expected[i] ?? 1),
        ),
      detail:
        `${trips} trips read as 201 (${refused} other answers); held per unit ${perUnit.map((p) => `${p.id} ${p.committed}`).join(", ")} ` +
        `(seats, room-nights, tickets; up to ${cutOff} trips cut off when the load stopped); ledger audits ${perUnit.every((p) => p.auditOk) ? "ok" : "failed"}`,
    });
    const c = (k: string) => result.costs[k] ?? 0;
    result.extra.perTrip = {
      do_calls_trips: c("do_calls:TRIPS"),
      do_calls_inventory: c("do_calls:INVENTORY"),
      coordinator_rows_written: c("do_rows_written:TRIPS"),
      coordinator_rows_read: c("do_rows_read:TRIPS"),
      inventory_rows_written: c("do_rows_written") - c("do_rows_written:TRIPS"),
      d1_queries: c("d1_queries"),
      d1_rows_written: c("d1_rows_written"),
    };
    result.checks.push({
      name: "coordinator's cost per trip",
      ok: true,
      detail:
        `per trip: ${c("do_calls").toFixed(2)} object calls (${c("do_calls:TRIPS").toFixed(2)} to the coordinator, ` +
        `${c("do_calls:INVENTORY").toFixed(2)} to inventory objects), ${c("do_rows_written:TRIPS").toFixed(2)} rows written by ` +
        `the coordinator and ${(c("do_rows_written") - c("do_rows_written:TRIPS")).toFixed(2)} by the inventory objects, ` +
        `${c("d1_queries").toFixed(2)} D1 queries (${c("d1_rows_written").toFixed(2)} rows written)`,
    });
    return result;
  },
};
