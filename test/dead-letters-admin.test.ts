import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { QUEUES } from "../src/config";
import { recordDeadLetter } from "../src/dead-letters/record";
import { emailJob } from "../src/notifications/messages";
import { api } from "./support/app-client";
import { insertOutboxEmail, outboxRow } from "./support/notifications";

const BASE = "https://edgefare.test/v1/admin/dead-letters";
const auth = { authorization: `Bearer ${env.ADMIN_API_KEY}` };

function call(path: string, init: RequestInit = {}) {
  return api(`${BASE}${path}`, init);
}

async function seed(
  n: number,
  opts: { queue?: typeof QUEUES.emailJobs | typeof QUEUES.paymentJobs; at?: number; stepMs?: number } = {},
) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      await recordDeadLetter(env.DB, {
        queue: opts.queue ?? QUEUES.paymentJobs,
        messageId: `msg-${crypto.randomUUID()}`,
        body: { v: 1, type: "capture", n: i },
        attempts: 6,
        now: (opts.at ?? 1_790_000_000_000) + i * (opts.stepMs ?? 1000),
      }),
    );
  }
  return ids;
}

beforeEach(async () => {
  await env.DB.exec("DELETE FROM dead_letters");
});

describe("GET /v1/admin/dead-letters", () => {
  it("refuses a request without the admin key", async () => {
    const res = await call("");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/unauthenticated",
      title: "Authentication required",
      status: 401,
      code: "UNAUTHENTICATED",
      detail: "Sign in (a session cookie or `Authorization: Bearer efs_…`), or send an API key.",
      instance: "/v1/admin/dead-letters",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("refuses a wrong admin key", async () => {
    const res = await call("", { headers: { authorization: "Bearer not-the-key" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/unauthenticated",
      title: "Authentication required",
      status: 401,
      code: "UNAUTHENTICATED",
      detail: "The credential is not valid: unknown, expired or revoked.",
      instance: "/v1/admin/dead-letters",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("lists newest first and pages through every dead letter exactly once", async () => {
    const ids = await seed(5);
    // Two rows in the same second: the id breaks the tie, so none is skipped or repeated.
    ids.push(...(await seed(3, { at: 1_790_000_100_000, stepMs: 0 })));
    const expected = await env.DB.prepare("SELECT id FROM dead_letters ORDER BY created_at DESC, id DESC").all<{
      id: string;
    }>();

    const seen: string[] = [];
    let path = "?limit=2";
    for (let page = 0; page < 10 && path; page++) {
      const res = await call(path, { headers: auth });
      expect(res.status).toBe(200);
      const body = await res.json<{
        data: { id: string }[];
        meta: { count: number; next_cursor: string | null };
        links: { next: string | null };
      }>();
      expect(body.meta.count).toBe(body.data.length);
      seen.push(...body.data.map((d) => d.id));
      path = body.meta.next_cursor ? `?limit=2&cursor=${body.meta.next_cursor}` : "";
      if (body.links.next) expect(new URL(body.links.next).searchParams.get("cursor")).toBe(body.meta.next_cursor);
    }
    expect(seen).toEqual(expected.results.map((r) => r.id));
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("shows the stored message as it was, with its queue and attempts", async () => {
    const [id] = await seed(1, { queue: QUEUES.emailJobs });
    const res = await call("", { headers: auth });
    const body = await res.json<{ data: unknown[] }>();
    expect(body.data).toEqual([
      {
        id,
        queue: QUEUES.emailJobs,
        message_id: expect.stringMatching(/^msg-/),
        body: { v: 1, type: "capture", n: 0 },
        attempts: 6,
        created_at: "2026-09-21T14:13:20.000Z",
        replayed_at: null,
      },
    ]);
  });

  it("narrows to one queue", async () => {
    await seed(2, { queue: QUEUES.paymentJobs });
    const emailIds = await seed(3, { queue: QUEUES.emailJobs });
    const res = await call(`?queue=${QUEUES.emailJobs}`, { headers: auth });
    const body = await res.json<{ data: { id: string; queue: string }[] }>();
    expect(body.data.map((d) => d.id).sort()).toEqual([...emailIds].sort());
  });

  it("rejects a cursor it did not issue", async () => {
    const res = await call("?cursor=bm90LWEtY3Vyc29y", { headers: auth });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/invalid-cursor",
      title: "The pagination cursor is not valid",
      status: 400,
      code: "INVALID_CURSOR",
      detail: "The cursor is malformed; start again without it.",
      instance: "/v1/admin/dead-letters",
      request_id: res.headers.get("x-request-id"),
    });
  });
});

describe("POST /v1/admin/dead-letters/{id}/replay", () => {
  it("sends the original body back to its queue, where the consumer delivers the email", async () => {
    const outboxId = await insertOutboxEmail();
    // As if the job had died: the DLQ consumer marked the row failed.
    await env.DB.prepare("UPDATE email_outbox SET status = 'failed', attempts = 6 WHERE id = ?").bind(outboxId).run();
    const id = await recordDeadLetter(env.DB, {
      queue: QUEUES.emailJobs,
      messageId: "msg-dead",
      body: emailJob(outboxId),
      attempts: 6,
      now: Date.now(),
    });

    const res = await call(`/${id}/replay`, { method: "POST", headers: auth });

    expect(res.status).toBe(202);
    const body = await res.json<{ data: { id: string; queue: string; replayed_at: string } }>();
    expect(body).toEqual({ data: { id, queue: QUEUES.emailJobs, replayed_at: expect.any(String) } });
    const stored = await env.DB.prepare("SELECT replayed_at FROM dead_letters WHERE id = ?").bind(id).first<{
      replayed_at: number;
    }>();
    expect(new Date((stored?.replayed_at ?? 0) * 1000).toISOString()).toBe(body.data.replayed_at);
    // The real EMAIL_JOBS queue delivers the replayed job to this Worker's consumer.
    await vi.waitFor(async () => expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", attempts: 7 }), {
      timeout: 15_000,
      interval: 100,
    });
  });

  it("refuses to replay the same dead letter twice", async () => {
    // A job for a row that no longer exists: the consumer that receives the replay just acks it.
    const id = await recordDeadLetter(env.DB, {
      queue: QUEUES.emailJobs,
      messageId: "msg-twice",
      body: emailJob("eml_gone"),
      attempts: 6,
      now: Date.now(),
    });
    expect((await call(`/${id}/replay`, { method: "POST", headers: auth })).status).toBe(202);

    const res = await call(`/${id}/replay`, { method: "POST", headers: auth });

    expect(res.status).toBe(409);
    const stored = await env.DB.prepare("SELECT replayed_at FROM dead_letters WHERE id = ?").bind(id).first<{
      replayed_at: number;
    }>();
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/dead-letter-already-replayed",
      title: "The dead letter was already replayed",
      status: 409,
      code: "DEAD_LETTER_ALREADY_REPLAYED",
      detail: `Dead letter ${id} was already replayed.`,
      replayed_at: new Date((stored?.replayed_at ?? 0) * 1000).toISOString(),
      instance: `/v1/admin/dead-letters/${id}/replay`,
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("answers 404 for an unknown dead letter", async () => {
    const res = await call("/dlt_000000000000000000000000/replay", { method: "POST", headers: auth });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/dead-letter-not-found",
      title: "Dead letter not found",
      status: 404,
      code: "DEAD_LETTER_NOT_FOUND",
      detail: "No dead letter has the id dlt_000000000000000000000000.",
      instance: "/v1/admin/dead-letters/dlt_000000000000000000000000/replay",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("requires the admin key", async () => {
    const [id] = await seed(1);
    const res = await call(`/${id}/replay`, { method: "POST" });
    expect(res.status).toBe(401);
    const stored = await env.DB.prepare("SELECT replayed_at FROM dead_letters WHERE id = ?").bind(id).first();
    expect(stored).toEqual({ replayed_at: null });
  });
});
