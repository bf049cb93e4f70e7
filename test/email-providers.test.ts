import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import { fixedClock } from "../src/lib/clock";
import { jsonLogger } from "../src/lib/logger";
import { handleEmailJob } from "../src/notifications/email-job";
import { emailJob } from "../src/notifications/messages";
import { base64Utf8, buildMimeMessage, encodeHeaderValue } from "../src/notifications/mime";
import { httpApiSender } from "../src/notifications/senders/http-api";
import { sendEmailBindingSender } from "../src/notifications/senders/send-email-binding";
import type { OutgoingEmail } from "../src/notifications/senders/sender";
import { insertOutboxEmail, outboxRow } from "./support/notifications";

const email: OutgoingEmail = {
  outboxId: "eml_test0001",
  from: "bookings@edgefare.example",
  to: "ada@example.com",
  subject: "Booking confirmed: K7M2QX, Zürich to Málaga",
  text: "Your booking is confirmed\n\nPassenger: Zoë Ådahl",
  html: "<h1>Your booking is confirmed</h1>\n<p>Zoë Ådahl</p>",
};

/**
 * A transactional-email API standing in for the real one, in-process: it checks the bearer
 * token, de-duplicates on Idempotency-Key like the real services do, and answers with the
 * status each test asks for.
 */
function emailApi(answer: () => Response | Promise<Response> = () => Response.json({ id: "prov_1" }, { status: 202 })) {
  const accepted = new Map<string, unknown>();
  const requests: { headers: Headers; body: Record<string, unknown> }[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.headers.get("authorization") !== "Bearer api-token")
      return new Response("unauthorized", { status: 401 });
    const body = (await request.json()) as Record<string, unknown>;
    requests.push({ headers: request.headers, body });
    const response = await answer();
    const key = request.headers.get("idempotency-key");
    if (response.ok && key) accepted.set(key, body);
    return response;
  };
  return { fetcher, requests, accepted };
}

const httpSender = (fetcher: typeof fetch, token = "api-token") =>
  httpApiSender({ url: "https://mail.example/v1/send", token, fetch: fetcher });

describe("HTTP email API provider", () => {
  it("posts the message as JSON with a bearer token and the outbox id as idempotency key", async () => {
    const api = emailApi();
    const result = await httpSender(api.fetcher).send(email);

    expect(result).toEqual({ ok: true, value: { providerMessageId: "prov_1" } });
    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request?.headers.get("idempotency-key")).toBe("eml_test0001");
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.body).toEqual({
      from: email.from,
      to: [email.to],
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: { "X-Edgefare-Outbox-Id": "eml_test0001" },
    });
  });

  it("treats throttling, timeouts and server errors as worth retrying", async () => {
    for (const status of [408, 429, 500, 503]) {
      const api = emailApi(() => new Response("busy", { status }));
      const result = await httpSender(api.fetcher).send(email);
      expect(result).toEqual({ ok: false, error: { retryable: true, reason: `HTTP ${status}: busy` } });
    }
  });

  it("treats a refused message as final", async () => {
    const api = emailApi(() => Response.json({ error: "invalid recipient" }, { status: 422 }));
    const result = await httpSender(api.fetcher).send(email);
    expect(result).toEqual({
      ok: false,
      error: { retryable: false, reason: 'HTTP 422: {"error":"invalid recipient"}' },
    });
  });

  it("retries when the API cannot be reached at all", async () => {
    const unreachable: typeof fetch = async () => {
      throw new TypeError("Network connection lost.");
    };
    const result = await httpSender(unreachable).send(email);
    expect(result).toEqual({
      ok: false,
      error: { retryable: true, reason: "request failed: Network connection lost." },
    });
  });

  it("dead-letters a job the provider refuses, marking the row failed, instead of retrying it", async () => {
    const outboxId = await insertOutboxEmail();
    const api = emailApi(() => new Response("mailbox does not exist", { status: 422 }));
    const deps = {
      db: createDb(env.DB),
      sender: httpSender(api.fetcher),
      from: env.EMAIL_FROM,
      clock: fixedClock(Date.now()),
      log: jsonLogger(),
    };

    const action = await handleEmailJob({ deps, input: { body: emailJob(outboxId), attempts: 1 } });

    expect(action).toEqual({ kind: "dead_letter", reason: "HTTP 422: mailbox does not exist" });
    expect(await outboxRow(outboxId)).toMatchObject({
      status: "failed",
      attempts: 1,
      last_error: "HTTP 422: mailbox does not exist",
    });
  });

  it("gives a resent message the same idempotency key, so the provider can drop the copy", async () => {
    const outboxId = await insertOutboxEmail();
    const api = emailApi();
    const sender = httpSender(api.fetcher);
    const deps = {
      db: createDb(env.DB),
      sender,
      from: env.EMAIL_FROM,
      clock: fixedClock(Date.now()),
      log: jsonLogger(),
    };
    await handleEmailJob({ deps, input: { body: emailJob(outboxId), attempts: 1 } });
    // The send-then-crash window: the provider accepted, but the Worker died before `sent` was
    // written. The row is still pending, so the redelivered job sends again.
    await env.DB.prepare("UPDATE email_outbox SET status = 'pending', sent_at = NULL WHERE id = ?")
      .bind(outboxId)
      .run();

    await handleEmailJob({ deps, input: { body: emailJob(outboxId), attempts: 2 } });

    expect(api.requests.map((r) => r.headers.get("idempotency-key"))).toEqual([outboxId, outboxId]);
    expect([...api.accepted.keys()]).toEqual([outboxId]);
  });
});

describe("send_email binding provider", () => {
  it("hands a well-formed MIME message to the binding, which accepts it", async () => {
    const sender = sendEmailBindingSender(env.EMAIL, () => new Date(Date.UTC(2026, 11, 14, 9, 0)));
    const result = await sender.send({ ...email, subject: `${email.subject}\r\nBcc: victim@example.com` });
    // Miniflare parses the message, checks From against the envelope and assigns a Message-ID.
    expect(result).toEqual({ ok: true, value: { providerMessageId: expect.stringContaining("@") } });
  });

  it("sends a From with a display name, its bare address as the envelope sender", async () => {
    const sender = sendEmailBindingSender(env.EMAIL, () => new Date());
    // The binding refuses a message whose envelope sender is not exactly the From header's address.
    const result = await sender.send({ ...email, from: "Edgefare Bookings <bookings@edgefare.example>" });
    expect(result).toEqual({ ok: true, value: { providerMessageId: expect.stringContaining("@edgefare.example") } });
  });

  it("reports a binding refusal as a retryable failure", async () => {
    // As Email Routing refuses a destination that is not verified.
    const refusing = { send: () => Promise.reject(new Error("destination address not verified")) };
    const sender = sendEmailBindingSender(refusing as unknown as SendEmail, () => new Date());
    const result = await sender.send(email);
    expect(result).toEqual({
      ok: false,
      error: { retryable: true, reason: expect.stringContaining("destination address not verified") },
    });
  });
});

describe("MIME message", () => {
  const raw = buildMimeMessage({
    from: email.from,
    to: email.to,
    subject: "Zürich\r\nBcc: victim@example.com",
    text: email.text,
    html: email.html,
    messageId: "eml_test0001@edgefare.example",
    date: new Date(Date.UTC(2026, 11, 14, 9, 0)),
    headers: { "X-Edgefare-Outbox-Id": "eml_test0001" },
  });
  const [head = "", ...rest] = raw.split("\r\n\r\n");

  it("writes one header per line, with no way to inject another", () => {
    expect(head.split("\r\n")).toEqual([
      "From: bookings@edgefare.example",
      "To: ada@example.com",
      `Subject: ${encodeHeaderValue("Zürich Bcc: victim@example.com")}`,
      "Date: Mon, 14 Dec 2026 09:00:00 GMT",
      "Message-ID: <eml_test0001@edgefare.example>",
      "X-Edgefare-Outbox-Id: eml_test0001",
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="edgefare-emltest0001edgefareexample"',
    ]);
    expect(raw).not.toMatch(/\r\nBcc:/);
  });

  it("carries the text and HTML parts intact, base64 in lines of at most 76 characters", () => {
    const body = rest.join("\r\n\r\n");
    expect(body).toContain(base64Utf8(email.text).slice(0, 76));
    expect(body).toContain("Content-Type: text/plain; charset=utf-8");
    expect(body).toContain("Content-Type: text/html; charset=utf-8");
    for (const line of raw.split("\r\n")) expect(line.length).toBeLessThanOrEqual(998);
    for (const line of body.split("\r\n").filter((l) => /^[A-Za-z0-9+/=]+$/.test(l))) {
      expect(line.length).toBeLessThanOrEqual(76);
    }
    expect(raw.endsWith("--\r\n")).toBe(true);
  });

  it("encodes a non-ASCII header in RFC 2047 words that never split a character", () => {
    const subject = "Bestätigung: Zürich → Málaga für Zoë, Ådahl und Ørsted — ✈️ 東京";
    const words = encodeHeaderValue(subject).split(" ");
    for (const word of words) expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    const decoded = words
      .map((w) =>
        new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
          Uint8Array.from(atob(w.slice(10, -2)), (c) => c.charCodeAt(0)),
        ),
      )
      .join("");
    expect(decoded).toBe(subject);
    expect(encodeHeaderValue("Plain ASCII subject")).toBe("Plain ASCII subject");
  });
});
