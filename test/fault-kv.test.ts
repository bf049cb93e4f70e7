import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../src/http/app";
import { appClient } from "./support/app-client";
import { faultyKv } from "./support/faults";
import { futureDay, seedLondonParis } from "./support/search-fixtures";

const ADMIN = { authorization: "Bearer test-admin-key", "content-type": "application/json" };
let date = "";
const DAYS_AHEAD = 18;

interface SearchBody {
  data: { id: string; departure_id: string; price: { per_passenger: { amount_minor: number } } }[];
  meta: { tier: string };
}

const searchPath = (o: string, d: string) => `/v1/search?origin=${o}&destination=${d}&date=${date}`;
const kvDown = () => faultyKv(env.ROUTE_CACHE, { reads: "throw", writes: "throw" });
const kvReadOnly = () => faultyKv(env.ROUTE_CACHE, { reads: "ok", writes: "throw" });

async function okSearch(res: Response): Promise<SearchBody> {
  expect(res.status).toBe(200);
  return res.json<SearchBody>();
}

let warnings: { event: string }[] = [];
let errors: { event: string }[] = [];
beforeAll(async () => {
  ({ date } = await seedLondonParis(env.DB, DAYS_AHEAD, "kv"));
});
afterEach(() => {
  vi.restoreAllMocks();
});
function captureLogs() {
  warnings = [];
  errors = [];
  vi.spyOn(console, "warn").mockImplementation((line: unknown) => void warnings.push(JSON.parse(String(line))));
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void errors.push(JSON.parse(String(line))));
}

describe("search while every KV call throws", () => {
  it("answers from D1, then from memory, and says which tier failed", async () => {
    captureLogs();
    const { kv, attempts } = kvDown();
    const client = appClient({ ...env, ROUTE_CACHE: kv });
    const first = await client(searchPath("LON", "PAR"));
    const body = await okSearch(first);
    expect(body.meta.tier).toBe("origin");
    expect(body.data.length).toBeGreaterThan(0);
    expect(first.headers.get("server-timing")).toMatch(/kv;dur=[\d.]+;desc="error"/);
    expect((await okSearch(await client(searchPath("LON", "PAR")))).meta.tier).toBe("memory");
    expect(attempts.reads).toBeGreaterThan(0);
    // The route version could not be read either: logged, and the search went on without it.
    expect(warnings.map((w) => w.event)).toEqual(expect.arrayContaining(["scope_version_unavailable"]));
    expect(errors.filter((e) => e.event === "unhandled_error")).toEqual([]);
  });

  it("serves the same answer as a healthy KV would", async () => {
    const broken = await okSearch(await appClient({ ...env, ROUTE_CACHE: kvDown().kv })(searchPath("LHR", "CDG")));
    const healthy = await okSearch(await appClient(env)(searchPath("LHR", "CDG")));
    expect(broken.data).toEqual(healthy.data);
  });
});

describe("operator changes while KV refuses writes", () => {
  const newDeparture = (id: string) => {
    const day = futureDay(DAYS_AHEAD);
    return {
      departures: [
        {
          id,
          mode: "flight",
          operator: "Fault Air",
          number: "FA 1",
          origin: "LHR",
          destination: "CDG",
          departs_at: day.at(15),
          arrives_at: day.at(16, 15),
          fares: [{ cabin: "economy", capacity: 20, price_minor: 7_700, currency: "GBP" }],
        },
      ],
    };
  };

  it("creates the departure in D1 (201), and the isolate that made the change serves it at once", async () => {
    captureLogs();
    const app = createApp();
    const healthy = appClient(env, app);
    await healthy(searchPath("LHR", "CDG"));
    expect((await okSearch(await healthy(searchPath("LHR", "CDG")))).meta.tier).toBe("memory");

    const { kv, attempts } = kvReadOnly();
    const res = await appClient({ ...env, ROUTE_CACHE: kv }, app)("/v1/admin/departures", {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify(newDeparture("dep_kvfault_new")),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ data: { ids: ["dep_kvfault_new"] } });
    expect(attempts.writes).toBeGreaterThan(0);
    expect(errors.map((e) => e.event)).toContain("scope_version_bump_failed");

    const after = await okSearch(await healthy(searchPath("LHR", "CDG")));
    expect(after.meta.tier).toBe("origin");
    expect(after.data.map((o) => o.departure_id)).toContain("dep_kvfault_new");
    expect((await appClient(env)("/v1/departures/dep_kvfault_new")).status).toBe(200);
  });

  it("applies a price change everywhere it is the truth (object, D1) and answers 200", async () => {
    const app = createApp();
    const healthy = appClient(env, app);
    await healthy(searchPath("LHR", "CDG"));
    const res = await appClient({ ...env, ROUTE_CACHE: kvReadOnly().kv }, app)("/v1/admin/departures/dep_kvt1", {
      method: "PATCH",
      headers: ADMIN,
      body: JSON.stringify({ fares: [{ cabin: "economy", price_minor: 13_300 }], reason: "KV down" }),
    });
    expect(res.status).toBe(200);
    const row = await env.DB.prepare(
      "SELECT price_minor FROM fare_classes WHERE departure_id = ? AND cabin = 'economy'",
    )
      .bind("dep_kvt1")
      .first();
    expect(row).toEqual({ price_minor: 13_300 });
    const offer = (await okSearch(await healthy(searchPath("LHR", "CDG")))).data.find(
      (o) => o.id === "off_kvt1_economy",
    );
    expect(offer?.price.per_passenger.amount_minor).toBe(13_300);
  });
});
