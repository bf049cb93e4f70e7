import { pageProblem } from "../problems";
import type { ConsoleFetch, ConsoleInit } from "./fetch";
import { type FormValues, integerField, minorUnits, type Refusal } from "./forms";
import type { ProductId } from "./layout";

/** One console form's call to the operator API, built from what was posted. */
interface ApiCall {
  path: string;
  init: ConsoleInit;
}

type Action = (unitId: string, form: FormValues) => ApiCall | null;

const unit = (prefix: string, id: string, suffix = "") => `${prefix}/${encodeURIComponent(id)}${suffix}`;
const roomType = (id: string, form: FormValues, what: string) =>
  unit("/v1/admin/stays", id, `/room-types/${encodeURIComponent(form.room_type_id ?? "")}/${what}`);
const post = (path: string, body: unknown, form: FormValues): ApiCall => ({
  path,
  init: { method: "POST", body, idempotencyKey: form.idempotency_key },
});

/**
 * What each form of a unit page does, per product, through the operator routes an organiser may
 * call on their own units. Values go to the API as typed (money turned into minor units): the
 * API validates them and its refusal comes back to the form.
 */
const ACTIONS: Record<ProductId, Record<string, Action>> = {
  departures: {
    fare: (id, f) => ({
      path: unit("/v1/admin/departures", id),
      init: {
        method: "PATCH",
        body: {
          fares: [
            {
              cabin: f.cabin,
              price_minor: minorUnits(f.price, f.currency ?? ""),
              capacity: integerField(f.capacity),
            },
          ],
          reason: f.reason,
        },
      },
    }),
    cancel: (id, f) => ({
      path: unit("/v1/admin/departures", id),
      init: { method: "PATCH", body: { status: "cancelled", reason: f.reason } },
    }),
  },
  events: {
    tier: (id, f) => ({
      path: unit("/v1/admin/events", id, "/tiers"),
      init: {
        method: "PATCH",
        body: {
          reason: f.reason,
          tiers: [
            { id: f.tier_id, price_minor: minorUnits(f.price, f.currency ?? ""), capacity: integerField(f.capacity) },
          ],
        },
      },
    }),
    cancel: (id, f) => post(unit("/v1/admin/events", id, "/cancel"), { reason: f.reason }, f),
  },
  stays: {
    rates: (id, f) =>
      post(
        roomType(id, f, "rates"),
        { from: f.from, to: f.to, price_minor: minorUnits(f.price, f.currency ?? ""), reason: f.reason },
        f,
      ),
    rooms: (id, f) =>
      post(
        roomType(id, f, "room-count"),
        { room_count: integerField(f.room_count), from: f.from, reason: f.reason },
        f,
      ),
    closure: (id, f) =>
      post(
        unit("/v1/admin/stays", id, "/closures"),
        {
          from: f.from,
          to: f.to,
          kind: f.kind,
          ...(f.room_type_id ? { room_type_id: f.room_type_id } : {}),
          reason: f.reason,
        },
        f,
      ),
    cancel: (id, f) => post(unit("/v1/admin/stays", id, "/close"), { reason: f.reason }, f),
  },
};

export type ActionOutcome = { ok: true } | { ok: false; refusal: Refusal } | { ok: null };

/** Runs a unit page's form: `{ ok: null }` when the product has no such form. */
export async function runAction(
  fetchApi: ConsoleFetch,
  product: ProductId,
  unitId: string,
  action: string,
  form: FormValues,
): Promise<ActionOutcome> {
  const build = Object.hasOwn(ACTIONS[product], action) ? ACTIONS[product][action] : undefined;
  const call = build?.(unitId, form);
  if (!call) return { ok: null };
  const formId = form.form ?? action;
  // Cancelling cannot be undone: the box must be ticked, with or without the browser's check.
  if (action === "cancel" && form.confirm !== "yes") {
    const problem = pageProblem(400, {
      code: "VALIDATION_FAILED",
      errors: [{ field: "confirm", message: "Tick the box to confirm the cancellation" }],
    });
    return { ok: false, refusal: { form: formId, values: form, problem } };
  }
  const res = await fetchApi(call.path, call.init);
  if (res.ok) return { ok: true };
  const problem = pageProblem(res.status, await res.json().catch(() => undefined));
  return { ok: false, refusal: { form: formId, values: form, problem } };
}
