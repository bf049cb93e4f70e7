import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createKey, type SignedIn, signIn } from "./support/accounts";
import { api } from "./support/app-client";
import { insertEventFixture } from "./support/events";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";
import { futureDay } from "./support/search-fixtures";

/**
 * Every operation of the served OpenAPI document × every kind of caller: allowed, or refused by
 * authentication/authorisation. Who may call an operation is read from the document itself
 * (`x-edgefare-access`, written by the route's access rule, src/api/middleware/access.ts), so a
 * new route is in this matrix the moment it exists, and a route that declares no rule fails it.
 * "Allowed" means past the access check: the answer may still be a 400 for the empty body this
 * sends, or a 404 for an id that does not exist, but never one of the refusal codes.
 */
type Rule =
  | { kind: "open"; scope: "search" | "book" | "manage:inventory" | null }
  | { kind: "signed-in" | "admin" | "inventory" | "organiser" };

type Caller =
  | "anonymous"
  | "traveller"
  | "other traveller"
  | "organiser"
  | "other organiser"
  | "admin"
  | "bootstrap key"
  | "key with scope"
  | "key without scope";

const CALLERS: Caller[] = [
  "anonymous",
  "traveller",
  "other traveller",
  "organiser",
  "other organiser",
  "admin",
  "bootstrap key",
  "key with scope",
  "key without scope",
];

const REFUSALS = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "INSUFFICIENT_SCOPE",
  "SESSION_REQUIRED",
  "CROSS_SITE_REQUEST",
]);

/** The rule, applied to a caller: the expected outcome. */
function allowed(rule: Rule, caller: Caller): boolean {
  const session = ["traveller", "other traveller", "organiser", "other organiser", "admin"].includes(caller);
  switch (rule.kind) {
    case "open":
      return caller !== "key without scope" || rule.scope === null;
    case "signed-in":
      return session;
    case "admin":
      return caller === "admin" || caller === "bootstrap key";
    case "inventory":
      // The unit in the request belongs to "organiser"; "key with scope" is its manage:inventory key.
      return ["organiser", "admin", "bootstrap key", "key with scope"].includes(caller);
    case "organiser":
      return ["organiser", "other organiser", "admin", "key with scope"].includes(caller);
  }
}

interface Op {
  method: string;
  path: string;
  operationId: string;
  rule: Rule | undefined;
}

let ops: Op[] = [];
let people: Record<"traveller" | "other traveller" | "organiser" | "other organiser" | "admin", SignedIn>;
let departureId = "";
let eventId = "";
let propertyId = "";
const keys = new Map<string, Promise<string>>();

beforeAll(async () => {
  const doc = await (await api("/openapi.json")).json<{
    paths: Record<string, Record<string, { operationId: string; "x-edgefare-access"?: Rule }>>;
  }>();
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      rule: op["x-edgefare-access"],
    })),
  );
  departureId = await seedDeparture("matrix");
  eventId = `evt_matrix_${crypto.randomUUID().slice(0, 8)}`;
  // Ownership is all the stays operator routes' rule reads: the property need not exist in D1.
  propertyId = `prp_matrix_${crypto.randomUUID().slice(0, 8)}`;
  await insertEventFixture(env.DB, {
    id: eventId,
    city: "LIS",
    date: futureDay(20).date,
    name: "Matrix night",
    performers: ["A"],
    venue: { id: `ven_${eventId}`, name: "Hall" },
  });
  people = {
    traveller: await signIn(),
    "other traveller": await signIn(),
    organiser: await signIn(undefined, "organiser"),
    "other organiser": await signIn(undefined, "organiser"),
    admin: await signIn(undefined, "admin"),
  };
  await env.DB.batch(
    [departureId, eventId, propertyId].map((unit) =>
      env.DB.prepare("INSERT INTO inventory_owners (unit_id, account_id, created_at) VALUES (?, ?, 0)").bind(
        unit,
        people.organiser.accountId,
      ),
    ),
  );
});

/** A key of the organiser holding exactly `scopes`. */
function keyOf(scopes: string[]): Promise<string> {
  const name = scopes.join(",");
  let key = keys.get(name);
  if (!key) {
    key = createKey(people.organiser, { scopes }).then((k) => k.key);
    keys.set(name, key);
  }
  return key;
}

const ALL_SCOPES = ["search", "book", "manage:inventory"];

async function authorization(caller: Caller, rule: Rule, op: Op): Promise<string | null> {
  if (caller === "anonymous") return null;
  if (caller === "bootstrap key") return "Bearer test-admin-key";
  if (caller === "key with scope" || caller === "key without scope") {
    const needed = rule.kind === "open" ? rule.scope : "manage:inventory";
    const scopes = caller === "key with scope" ? ALL_SCOPES : ALL_SCOPES.filter((s) => s !== needed);
    return `Bearer ${await keyOf(scopes)}`;
  }
  // Operations that end the session they are called with get a session of their own.
  if (op.operationId === "signOut" || op.operationId === "rotateSession") {
    return (await signIn(people[caller].email)).bearer;
  }
  // Erasure ends every session of its account: it gets an account of its own, in the same role.
  if (op.operationId === "eraseMe") {
    const role = caller === "admin" ? "admin" : caller.endsWith("organiser") ? "organiser" : "traveller";
    return (await signIn(undefined, role)).bearer;
  }
  return people[caller].bearer;
}

function pathOf(op: Op): string {
  return op.path
    .replace("/v1/admin/departures/{id}", `/v1/admin/departures/${departureId}`)
    .replace("/v1/admin/events/{id}", `/v1/admin/events/${eventId}`)
    .replace("/v1/events/{event_id}", `/v1/events/${eventId}`)
    .replace("/v1/admin/waiting-rooms/{unit_id}", `/v1/admin/waiting-rooms/${eventId}`)
    .replace("/v1/admin/stays/{property_id}", `/v1/admin/stays/${propertyId}`)
    .replace("/v1/organiser/units/{unit_id}", `/v1/organiser/units/${departureId}`)
    .replaceAll(/\{(\w+)\}/g, "x_matrix");
}

async function call(op: Op, rule: Rule, caller: Caller): Promise<{ status: number; code: string | null }> {
  const auth = await authorization(caller, rule, op);
  const headers: Record<string, string> = { "cf-connecting-ip": uniqueCaller().ip };
  if (auth) headers.authorization = auth;
  const write = !["GET", "HEAD", "DELETE"].includes(op.method);
  if (write) headers["content-type"] = "application/json";
  const res = await api(pathOf(op), { method: op.method, headers, ...(write ? { body: "{}" } : {}) });
  const type = res.headers.get("content-type") ?? "";
  const code = type.includes("problem+json") ? (await res.json<{ code: string }>()).code : null;
  return { status: res.status, code };
}

describe("the authorisation matrix (every operation of /openapi.json × every kind of caller)", () => {
  it("has an access rule on every operation", () => {
    expect(ops.length).toBeGreaterThan(30);
    expect(ops.filter((op) => !op.rule).map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it("allows and refuses exactly as each operation's rule says", async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      const rule = op.rule as Rule;
      // The callers of one operation run side by side; operations one after the other.
      const outcomes = await Promise.all(
        CALLERS.map(async (caller) => ({ caller, ...(await call(op, rule, caller)) })),
      );
      for (const { caller, status, code } of outcomes) {
        // An open route may still guard its resource itself (a guest booking's owner token answers 401
        // to anyone without it): only a scope refusal comes from its access rule.
        const refused = code !== null && (rule.kind === "open" ? code === "INSUFFICIENT_SCOPE" : REFUSALS.has(code));
        if (refused === allowed(rule, caller)) {
          wrong.push(`${op.method} ${op.path} as ${caller}: ${status} ${code ?? ""} (rule ${JSON.stringify(rule)})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 180_000);
});
