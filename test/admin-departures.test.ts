import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "./support/app-client";
import { futureDay, seedLondonParis } from "./support/search-fixtures";

const ADMIN = { authorization: "Bearer test-admin-key", "content-type": "application/json" };
let date = "";

interface SearchBody {
  data: { id: string; price: { per_passenger: { amount_minor: number } }; seats_left: number }[];
  meta: { tier: string };
}
const search = async (o: string, d: string, extra = "") => {
  const res = await api(`https://edgefare.test/v1/search?origin=${o}&destination=${d}&date=${date}${extra}`);
  expect(res.status).toBe(200);
  return res.json<SearchBody>();
};
const patch = (id: string, body: unknown, headers: Record<string, string> = ADMIN) =>
  api(`https://edgefare.test/v1/admin/departures/${id}`, {
    method: "PATCH",
    headers,
    body: JSON.stringify(body),
  });
const create = (body: unknown, headers: Record<string, string> = ADMIN) =>
  api("https://edgefare.test/v1/admin/departures", { method: "POST", headers, body: JSON.stringify(body) });

beforeAll(async () => {
  ({ date } = await seedLondonParis(env.DB, 16, "ad"));
});

describe("operator changes invalidate cached searches", () => {
  it("serves a new price at once after a price change", async () => {
    await search("LHR", "CDG");
    expect((await search("LHR", "CDG")).meta.tier).toBe("memory");
    const res = await patch("dep_adt1", {
      fares: [{ cabin: "economy", price_minor: 15500 }],
      reason: "fuel surcharge",
    });
    expect(res.status).toBe(200);
    const after = await search("LHR", "CDG");
    expect(after.meta.tier).toBe("origin");
    expect(after.data.find((o) => o.id === "off_adt1_economy")?.price.per_passenger.amount_minor).toBe(15500);
  });

  it("invalidates city-code searches too, and drops a cancelled departure", async () => {
    expect((await search("LON", "PAR")).data.map((o) => o.id)).toContain("off_adt4_standard");
    expect((await search("LON", "PAR")).meta.tier).toBe("memory");
    const res = await patch("dep_adt4", { status: "cancelled", reason: "strike" });
    expect(res.status).toBe(200);
    expect((await res.json<{ status: string }>()).status).toBe("cancelled");
    const after = await search("LON", "PAR");
    expect(after.meta.tier).toBe("origin");
    expect(after.data.map((o) => o.id)).not.toContain("off_adt4_standard");
  });

  it("goes through the departure's Durable Object for capacity", async () => {
    const res = await patch("dep_adt2", { fares: [{ cabin: "first", capacity: 6 }] });
    expect(res.status).toBe(200);
    const body = await res.json<{ fares: { cabin: string; capacity: number; seats_available: number }[] }>();
    expect(body.fares.find((f) => f.cabin === "first")).toMatchObject({ capacity: 6, seats_available: 6 });
    const hold = await api("https://edgefare.test/v1/holds", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ departure_id: "dep_adt2", cabin: "first", passengers: 5 }),
    });
    expect(hold.status).toBe(201);
    const refused = await patch("dep_adt2", { fares: [{ cabin: "first", capacity: 4 }] });
    expect(refused.status).toBe(409);
    expect((await refused.json<{ code: string }>()).code).toBe("CAPACITY_BELOW_COMMITTED");
  });

  it("refuses changes to a cancelled departure and to unknown ones", async () => {
    await patch("dep_adt3", { status: "cancelled" });
    const again = await patch("dep_adt3", { status: "scheduled" });
    expect(again.status).toBe(409);
    expect((await again.json<{ code: string }>()).code).toBe("DEPARTURE_CANCELLED");
    const missing = await patch("dep_nope", { status: "delayed" });
    expect(missing.status).toBe(404);
    expect((await missing.json<{ code: string }>()).code).toBe("DEPARTURE_NOT_FOUND");
  });
});

describe("POST /v1/admin/departures", () => {
  const day = futureDay(17);
  const departure = (id: string, origin = "GBEDB", destination = "GBKGX") => ({
    id,
    mode: "rail",
    operator: "Northern Lights Rail",
    number: "NL 12",
    origin,
    destination,
    departs_at: new Date(day.at(9) * 1000).toISOString(),
    arrives_at: day.at(13, 20),
    fares: [
      { cabin: "standard", capacity: 300, price_minor: 6500, currency: "GBP" },
      { cabin: "first", capacity: 40, price_minor: 15000, currency: "GBP" },
    ],
  });

  it("creates departures that search finds at once", async () => {
    date = day.date;
    await search("EDI", "LON");
    const res = await create({ departures: [departure("dep_adm_new1"), departure("dep_adm_new2")] });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ data: { ids: ["dep_adm_new1", "dep_adm_new2"] } });
    const found = await search("EDI", "LON");
    expect(found.meta.tier).toBe("origin");
    expect(found.data.map((o) => o.id)).toEqual([
      "off_adm_new1_first",
      "off_adm_new1_standard",
      "off_adm_new2_first",
      "off_adm_new2_standard",
    ]);
    const details = await api("https://edgefare.test/v1/departures/dep_adm_new1");
    expect(details.status).toBe(200);
    expect(await details.json()).toMatchObject({
      id: "dep_adm_new1",
      service_date: day.date,
      duration_minutes: 260,
      origin: { code: "GBEDB", city_code: "EDI", timezone: "Europe/London" },
    });
  });

  it("writes nothing when one departure is bad", async () => {
    const res = await create({ departures: [departure("dep_adm_ok"), departure("dep_adm_bad", "GBEDB", "ZZZZZ")] });
    expect(res.status).toBe(400);
    expect((await res.json<{ code: string }>()).code).toBe("UNKNOWN_PLACE");
    expect((await api("https://edgefare.test/v1/departures/dep_adm_ok")).status).toBe(404);
  });

  it("refuses ids that exist, without writing the others", async () => {
    await create({ departures: [departure("dep_adm_dup")] });
    const res = await create({ departures: [departure("dep_adm_fresh"), departure("dep_adm_dup")] });
    expect(res.status).toBe(409);
    const body = await res.json<Record<string, unknown>>();
    expect(body).toMatchObject({ code: "DEPARTURE_EXISTS", existing_ids: ["dep_adm_dup"] });
    expect((await api("https://edgefare.test/v1/departures/dep_adm_fresh")).status).toBe(404);
  });
});

describe("operator routes need an admin (or the unit's organiser)", () => {
  it("401 without a credential and with a wrong one, same problem shape", async () => {
    const none = await patch("dep_adt1", { status: "delayed" }, { "content-type": "application/json" });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="edgefare"');
    const noneBody = await none.json<Record<string, unknown>>();
    expect(noneBody).toEqual({
      type: "https://edgefare.dev/problems/unauthenticated",
      title: "Authentication required",
      status: 401,
      code: "UNAUTHENTICATED",
      detail: "Sign in (a session cookie or `Authorization: Bearer efs_…`), or send an API key.",
      instance: "/v1/admin/departures/dep_adt1",
      request_id: none.headers.get("x-request-id"),
    });
    const wrong = await create(
      { departures: [] },
      { authorization: "Bearer nope", "content-type": "application/json" },
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json<Record<string, unknown>>()).toMatchObject({
      code: "UNAUTHENTICATED",
      detail: "The credential is not valid: unknown, expired or revoked.",
    });
  });
});
