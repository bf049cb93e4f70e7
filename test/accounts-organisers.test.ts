import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createKey, problemOf, type SignedIn, signIn } from "./support/accounts";
import { api } from "./support/app-client";
import { insertEventFixture } from "./support/events";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";
import { futureDay } from "./support/search-fixtures";

const ADMIN = "Bearer test-admin-key";

async function newEvent(): Promise<string> {
  const id = `evt_org_${crypto.randomUUID().slice(0, 8)}`;
  await insertEventFixture(env.DB, {
    id,
    city: "LIS",
    date: futureDay(20).date,
    name: "Fado at the Castle",
    performers: ["Ana Moura"],
    venue: { id: `ven_${id}`, name: "Castle Hall" },
  });
  return id;
}

const send = (method: string, path: string, authorization: string, body: object) =>
  api(path, {
    method,
    headers: { "content-type": "application/json", authorization, "cf-connecting-ip": uniqueCaller().ip },
    body: JSON.stringify(body),
  });

async function organiserOwning(units: string[]): Promise<SignedIn> {
  const organiser = await signIn();
  expect(
    (await send("POST", "/v1/admin/role-grants", ADMIN, { email: organiser.email, role: "organiser" })).status,
  ).toBe(200);
  const res = await send("PUT", `/v1/admin/inventory-owners/${organiser.accountId}`, ADMIN, { unit_ids: units });
  expect(res.status).toBe(200);
  return organiser;
}

describe("organisers", () => {
  it("change their own event, and only theirs; admins change any", async () => {
    const [mine, theirs] = [await newEvent(), await newEvent()];
    const organiser = await organiserOwning([mine]);
    await organiserOwning([theirs]);
    const own = await send("PATCH", `/v1/admin/events/${mine}`, organiser.bearer, { name: "Fado at Dusk" });
    expect(await own.json()).toEqual({ data: { id: mine, name: "Fado at Dusk", description: "A fixture." } });
    const row = await env.DB.prepare("SELECT name FROM events WHERE id = ?").bind(mine).first();
    expect(row).toEqual({ name: "Fado at Dusk" });
    const other = await send("PATCH", `/v1/admin/events/${theirs}`, organiser.bearer, { name: "Hijacked" });
    expect(await problemOf(other)).toEqual({
      status: 403,
      code: "FORBIDDEN",
      detail: "Organisers may change only the inventory assigned to them.",
    });
    expect((await send("PATCH", `/v1/admin/events/${theirs}`, ADMIN, { name: "Renamed by ops" })).status).toBe(200);
  });

  it("change their own departure with a session or a manage:inventory key, and a search-only key is refused", async () => {
    const departure = await seedDeparture("org-dep");
    const organiser = await organiserOwning([departure]);
    const patch = { fares: [{ cabin: "economy", price_minor: 4321 }], reason: "promo" };
    expect((await send("PATCH", `/v1/admin/departures/${departure}`, organiser.bearer, patch)).status).toBe(200);
    const manage = await createKey(organiser, { scopes: ["manage:inventory"] });
    expect((await send("PATCH", `/v1/admin/departures/${departure}`, `Bearer ${manage.key}`, patch)).status).toBe(200);
    const searchOnly = await createKey(organiser, { scopes: ["search"] });
    const refused = await send("PATCH", `/v1/admin/departures/${departure}`, `Bearer ${searchOnly.key}`, patch);
    expect(await problemOf(refused)).toEqual({
      status: 403,
      code: "INSUFFICIENT_SCOPE",
      detail: "This API key lacks the 'manage:inventory' scope.",
      required_scope: "manage:inventory",
    });
  });

  it("lose their reach when the role is taken back, at once", async () => {
    const event = await newEvent();
    const organiser = await organiserOwning([event]);
    await send("POST", "/v1/admin/role-grants", ADMIN, { email: organiser.email, role: "traveller" });
    const res = await send("PATCH", `/v1/admin/events/${event}`, organiser.bearer, { name: "Too late" });
    expect(await problemOf(res)).toEqual({
      status: 403,
      code: "FORBIDDEN",
      detail: "Only an organiser (or an admin) may do this.",
    });
  });

  it("are not travellers' business: a traveller is refused, and cannot be handed inventory", async () => {
    const event = await newEvent();
    const traveller = await signIn();
    const res = await send("PATCH", `/v1/admin/events/${event}`, traveller.bearer, { name: "Mine now" });
    expect((await problemOf(res)).status).toBe(403);
    const assign = await send("PUT", `/v1/admin/inventory-owners/${traveller.accountId}`, ADMIN, { unit_ids: [event] });
    expect(await problemOf(assign)).toEqual({
      status: 409,
      code: "CONFLICT",
      detail: "Only an organiser can own inventory: grant the role first.",
    });
  });
});

describe("admins", () => {
  it("are made by the bootstrap key or another admin, never by themselves", async () => {
    const user = await signIn();
    const self = await send("POST", "/v1/admin/role-grants", user.bearer, { email: user.email, role: "admin" });
    expect(await problemOf(self)).toEqual({
      status: 403,
      code: "FORBIDDEN",
      detail: "Only an admin may use operator routes.",
    });
    expect((await send("POST", "/v1/admin/role-grants", ADMIN, { email: user.email, role: "admin" })).status).toBe(200);
    const other = await signIn();
    expect(
      (await send("POST", "/v1/admin/role-grants", user.bearer, { email: other.email, role: "organiser" })).status,
    ).toBe(200);
    const unknown = await send("POST", "/v1/admin/role-grants", ADMIN, { email: "nobody@example.com", role: "admin" });
    expect((await problemOf(unknown)).code).toBe("ACCOUNT_NOT_FOUND");
  });
});
