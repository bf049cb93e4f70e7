/**
 * A small Stripe API fake, spoken to over real HTTP: vitest.config.ts mounts `fakeStripe.fetch`
 * as the FAKE_STRIPE service binding, a Node-side handler that workerd reaches through
 * Miniflare's loopback HTTP server. It checks what our Stripe client must get right (bearer
 * secret key, form encoding, an Idempotency-Key on every POST, stable across retries) and
 * answers like Stripe: same key and parameters replay the first answer, same key with other
 * parameters is an idempotency_error.
 *
 * State is kept per namespace, the first path segment (`/ns_abc/v1/...`): each test uses its
 * own base URL and sees only its own requests. Payment method ids pick the behaviour:
 *   pm_card_visa            succeeds
 *   pm_card_chargeDeclined  402 card_declined
 *   pm_card_flaky           500 on the first two tries of a key (nothing stored), then succeeds
 *   pm_card_processing      200 with status "processing"
 *   pm_card_slow            the first try of a key answers only after 3 s (the client gives up first)
 */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  idempotencyKey: string | null;
  contentType: string | null;
  stripeVersion: string | null;
  form: Record<string, string>;
  status: number;
}

interface Namespace {
  requests: RecordedRequest[];
  /** Idempotency-Key → the parameters it was first used with and the stored answer. */
  keys: Map<string, { params: string; status: number; body: unknown }>;
  failures: Map<string, number>;
  intents: Map<string, { amount: number; currency: string; status: string }>;
  counter: number;
}

const namespaces = new Map<string, Namespace>();

function namespace(name: string): Namespace {
  let ns = namespaces.get(name);
  if (!ns) {
    ns = { requests: [], keys: new Map(), failures: new Map(), intents: new Map(), counter: 0 };
    namespaces.set(name, ns);
  }
  return ns;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

const stripeError = (status: number, type: string, code: string, message: string, extra: object = {}) =>
  json(status, { error: { type, code, message, ...extra } });

export async function fakeStripeFetch(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const [, nsName, ...rest] = url.pathname.split("/");
  const ns = namespace(nsName ?? "");
  const path = `/${rest.join("/")}`;
  if (request.method === "GET" && path === "/__requests") return json(200, ns.requests);

  const form = Object.fromEntries(new URLSearchParams(await request.text()));
  const record: RecordedRequest = {
    method: request.method,
    path,
    authorization: request.headers.get("authorization"),
    idempotencyKey: request.headers.get("idempotency-key"),
    contentType: request.headers.get("content-type"),
    stripeVersion: request.headers.get("stripe-version"),
    form,
    status: 0,
  };
  const response = await answer(ns, record);
  record.status = response.status;
  ns.requests.push(record);
  return response;
}

async function answer(ns: Namespace, r: RecordedRequest): Promise<Response> {
  if (!/^Bearer sk_test_[A-Za-z0-9]+$/.test(r.authorization ?? "")) {
    return stripeError(401, "invalid_request_error", "api_key_invalid", "Invalid API Key provided.");
  }
  if (r.method !== "POST")
    return stripeError(404, "invalid_request_error", "resource_missing", "Unrecognized request URL.");
  if (r.contentType !== "application/x-www-form-urlencoded") {
    return stripeError(400, "invalid_request_error", "invalid_content_type", "Send form-encoded parameters.");
  }
  // Not required by Stripe; required here, because our client must never POST without one.
  if (!r.idempotencyKey)
    return stripeError(400, "invalid_request_error", "idempotency_key_missing", "No Idempotency-Key.");

  const params = JSON.stringify(Object.entries(r.form).sort());
  const stored = ns.keys.get(r.idempotencyKey);
  if (stored) {
    if (stored.params !== params) {
      return stripeError(
        400,
        "idempotency_error",
        "idempotency_key_in_use",
        "Keys for idempotent requests can only be used with the same parameters they were first used with.",
      );
    }
    return json(stored.status, stored.body, { "idempotent-replayed": "true" });
  }
  if (r.form.payment_method === "pm_card_slow" && !ns.failures.has(r.idempotencyKey)) {
    ns.failures.set(r.idempotencyKey, 1);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return stripeError(500, "api_error", "too_late", "Answered after the client gave up.");
  }
  if (r.form.payment_method === "pm_card_flaky") {
    const failures = ns.failures.get(r.idempotencyKey) ?? 0;
    if (failures < 2) {
      ns.failures.set(r.idempotencyKey, failures + 1);
      return stripeError(500, "api_error", "internal", "An unknown error occurred.");
    }
  }
  const result =
    r.path === "/v1/payment_intents"
      ? createIntent(ns, r.form)
      : r.path === "/v1/refunds"
        ? createRefund(ns, r.form)
        : null;
  if (!result) return stripeError(404, "invalid_request_error", "resource_missing", "Unrecognized request URL.");
  ns.keys.set(r.idempotencyKey, { params, ...result });
  return json(result.status, result.body);
}

function metadata(form: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([k]) => k.startsWith("metadata["))
      .map(([k, v]) => [k.slice(9, -1), v]),
  );
}

function missing(form: Record<string, string>, names: string[]) {
  const name = names.find((n) => !form[n]);
  return name
    ? {
        status: 400,
        body: {
          error: {
            type: "invalid_request_error",
            code: "parameter_missing",
            param: name,
            message: `Missing required param: ${name}.`,
          },
        },
      }
    : null;
}

function createIntent(ns: Namespace, form: Record<string, string>) {
  const absent = missing(form, [
    "amount",
    "currency",
    "payment_method",
    "confirm",
    "metadata[booking_id]",
    "metadata[payment_id]",
  ]);
  if (absent) return absent;
  const amount = Number(form.amount);
  if (!Number.isInteger(amount) || amount <= 0 || !/^[a-z]{3}$/.test(form.currency ?? "")) {
    return {
      status: 400,
      body: { error: { type: "invalid_request_error", code: "parameter_invalid", message: "Bad amount or currency." } },
    };
  }
  const id = `pi_fake${++ns.counter}`;
  const base = { id, object: "payment_intent", amount, currency: form.currency, metadata: metadata(form) };
  if (form.payment_method === "pm_card_chargeDeclined") {
    ns.intents.set(id, { amount, currency: form.currency ?? "", status: "requires_payment_method" });
    return {
      status: 402,
      body: {
        error: {
          type: "card_error",
          code: "card_declined",
          decline_code: "generic_decline",
          message: "Your card was declined.",
          payment_intent: { ...base, status: "requires_payment_method" },
        },
      },
    };
  }
  const status = form.payment_method === "pm_card_processing" ? "processing" : "succeeded";
  ns.intents.set(id, { amount, currency: form.currency ?? "", status });
  return { status: 200, body: { ...base, status } };
}

function createRefund(ns: Namespace, form: Record<string, string>) {
  const absent = missing(form, ["payment_intent", "amount"]);
  if (absent) return absent;
  const intent = ns.intents.get(form.payment_intent ?? "");
  if (intent?.status !== "succeeded") {
    return {
      status: 400,
      body: { error: { type: "invalid_request_error", code: "charge_not_refundable", message: "Nothing to refund." } },
    };
  }
  if (Number(form.amount) > intent.amount) {
    return {
      status: 400,
      body: {
        error: { type: "invalid_request_error", code: "amount_too_large", message: "Refund exceeds the charge." },
      },
    };
  }
  const id = `re_fake${++ns.counter}`;
  return {
    status: 200,
    body: {
      id,
      object: "refund",
      status: "succeeded",
      amount: Number(form.amount),
      payment_intent: form.payment_intent,
      metadata: metadata(form),
    },
  };
}
