import type { Context, MiddlewareHandler } from "hono";
import { idempotencyScope, isValidIdempotencyKey, requestFingerprint } from "../../idempotency/request";
import { claimKey, completeKey, type KeyRef, releaseKey, type StoredResponse } from "../../idempotency/store";
import { answering, RETRY_AFTER } from "../answers";
import type { HttpEnv } from "../context";
import { ProblemError } from "../problem";

/** Headers worth replaying; the request id is always the new request's own. */
const REPLAYED_HEADERS = ["content-type", "location", "x-d1-bookmark"];

/**
 * Stripe's Idempotency-Key semantics for POST: the first response is stored and replayed for
 * 24 h; the same key with another body is refused; a duplicate that arrives while the first
 * is still running gets 409 and should retry. Without the header the request runs as usual.
 *
 * Mounted per route, after the route's rateLimit (and access check): a claim is a D1 write, and a
 * request that is over budget or not allowed must cost us nothing, whatever headers it sends.
 */
export function idempotency(): MiddlewareHandler<HttpEnv> {
  return answering(idempotent(), ({ method }) => (method.toUpperCase() === "POST" ? DOCUMENTED : {}));
}

/** What it adds to the document of every POST it runs on. */
const DOCUMENTED = {
  headers: [
    {
      name: "Idempotency-Key",
      description: "Makes a retry safe: the first answer is stored for 24 h and replayed (`Idempotent-Replayed: true`)",
      schema: { type: "string" as const, minLength: 1, maxLength: 255 },
    },
  ],
  problems: [
    { status: 400, description: "`IDEMPOTENCY_KEY_INVALID`: not 1 to 255 printable ASCII characters" },
    {
      status: 409,
      description: "`IDEMPOTENCY_REQUEST_IN_PROGRESS`: the first request with this key is still running",
      headers: RETRY_AFTER,
    },
    { status: 422, description: "`IDEMPOTENCY_KEY_REUSED`: this key was used with a different body" },
  ],
};

function idempotent(): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const key = c.req.header("idempotency-key");
    if (key === undefined) return next();
    if (!isValidIdempotencyKey(key)) {
      throw ProblemError.of("IDEMPOTENCY_KEY_INVALID", "Idempotency-Key must be 1 to 255 printable ASCII characters.");
    }
    const ref: KeyRef = { scope: idempotencyScope(c.var.idempotencyOwner, c.req.method, c.req.path), key };
    // Claims and records must see each other at once: always the primary, never a replica.
    const db = c.env.DB.withSession("first-primary");
    const requestHash = await requestFingerprint(await c.req.text());
    const claim = await claimKey(db, { ...ref, requestHash, now: c.var.services.clock.now() });

    if (claim.kind === "replay") return replay(claim.response);
    if (claim.kind === "mismatch") {
      throw ProblemError.of(
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was already used with a different request body. Use a new key for a new request.",
      );
    }
    if (claim.kind === "in_progress") {
      throw new ProblemError(
        {
          code: "IDEMPOTENCY_REQUEST_IN_PROGRESS",
          detail: "A request with this Idempotency-Key is still being processed. Retry shortly.",
        },
        { "retry-after": "1" },
      );
    }

    await next();
    await record(c, db, ref);
  };
}

/**
 * Responses that show nothing happened (invalid input, auth, rate limit, our own failure) free
 * the key so the corrected or later retry runs; everything else is final and replayed.
 */
export function isFinal(status: number): boolean {
  return status < 500 && status !== 400 && status !== 401 && status !== 403 && status !== 429;
}

async function record(c: Context<HttpEnv>, db: D1DatabaseSession, ref: KeyRef): Promise<void> {
  const res = c.res;
  try {
    if (!isFinal(res.status)) {
      await releaseKey(db, ref);
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = res.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    await completeKey(db, ref, { status: res.status, headers, body: await res.clone().text() });
  } catch (error) {
    // The work is done; failing the response now would invite a retry that repeats it. The claim
    // stays in flight and is taken over after IDEMPOTENCY_POLICY.abandonAfterSeconds.
    c.var.services.log.error("idempotency_record_failed", { error: String(error), status: res.status });
  }
}

function replay(stored: StoredResponse): Response {
  return new Response(stored.body === "" ? null : stored.body, {
    status: stored.status,
    headers: { ...stored.headers, "idempotent-replayed": "true" },
  });
}
