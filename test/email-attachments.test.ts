import { env } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import { fixedClock } from "../src/lib/clock";
import { jsonLogger } from "../src/lib/logger";
import { handleEmailJob } from "../src/notifications/email-job";
import { calendarContentType, renderCalendar } from "../src/notifications/ics";
import { emailJob } from "../src/notifications/messages";
import { buildMimeMessage, type MimeAttachment } from "../src/notifications/mime";
import { httpApiSender } from "../src/notifications/senders/http-api";
import { sendEmailBindingSender } from "../src/notifications/senders/send-email-binding";
import type { EmailSender, OutgoingEmail } from "../src/notifications/senders/sender";
import { insertOutboxEmail } from "./support/notifications";

const ics = renderCalendar(
  [
    {
      uid: "itm_k7m2qx01@edgefare.example",
      summary: "Nils Frahm — Großer Saal, Live",
      start: Date.UTC(2026, 11, 14, 19, 30),
      end: Date.UTC(2026, 11, 14, 22, 0),
      location: "Philharmonie Berlin",
    },
  ],
  { prodId: "-//edgefare//bookings//EN", now: Date.UTC(2026, 10, 30, 4) },
);
const calendar: MimeAttachment = { filename: "K7M2QX.ics", contentType: calendarContentType(), content: ics };
// A PNG signature and some bytes no text encoding would survive.
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x80, 0x0d, 0x0a, 0x7f]);
const qr: MimeAttachment = {
  filename: "ticket.png",
  contentType: "image/png",
  content: png,
  disposition: "inline",
  contentId: "qr-tkt_1@edgefare.example",
};

const message = (attachments: MimeAttachment[]) =>
  buildMimeMessage({
    from: "bookings@edgefare.example",
    to: "ada@example.com",
    subject: "Booking confirmed: K7M2QX",
    text: "Your tickets are attached.",
    html: '<p>Your ticket</p><img src="cid:qr-tkt_1@edgefare.example" alt="QR">',
    messageId: "eml_att0001@edgefare.example",
    date: new Date(Date.UTC(2026, 10, 30, 4)),
    attachments,
  });

const bytes = (content: ArrayBuffer | Uint8Array | string) =>
  typeof content === "string" ? new TextEncoder().encode(content) : new Uint8Array(content);

describe("MIME attachments", () => {
  it("sends a calendar entry as a text/calendar attachment whose bytes are the exact calendar text", async () => {
    const raw = message([calendar]);
    const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
    expect(head).toContain('Content-Type: multipart/mixed; boundary="mix-edgefare-emlatt0001edgefareexample"');

    const parsed = await PostalMime.parse(raw);
    expect(parsed.text).toBe("Your tickets are attached.");
    expect(parsed.attachments).toHaveLength(1);
    const [attachment] = parsed.attachments;
    expect(attachment).toMatchObject({
      filename: "K7M2QX.ics",
      mimeType: "text/calendar",
      disposition: "attachment",
      method: "PUBLISH",
    });
    // postal-mime hands calendar parts back with LF line ends; the wire bytes are checked below.
    expect(new TextDecoder().decode(bytes(attachment?.content ?? ""))).toBe(ics.replaceAll("\r\n", "\n"));
    const part = raw.slice(raw.indexOf("Content-Type: text/calendar"));
    const base64 = part.slice(part.indexOf("\r\n\r\n") + 4, part.indexOf("\r\n--")).replaceAll("\r\n", "");
    expect(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))).toBe(ics);
    for (const line of part.split("\r\n").filter((l) => /^[A-Za-z0-9+/=]+$/.test(l))) {
      expect(line.length).toBeLessThanOrEqual(76);
    }
  });

  it("shows an inline image from the HTML by Content-ID under multipart/related, bytes intact", async () => {
    const raw = message([calendar, qr]);
    const parsed = await PostalMime.parse(raw);
    expect(parsed.html).toContain('src="cid:qr-tkt_1@edgefare.example"');
    const image = parsed.attachments.find((a) => a.mimeType === "image/png");
    expect(image).toMatchObject({
      filename: "ticket.png",
      disposition: "inline",
      related: true,
      contentId: "<qr-tkt_1@edgefare.example>",
    });
    expect(bytes(image?.content ?? "")).toEqual(png);
    // The alternative part comes first in the mixed one; the related part is the HTML alternative.
    const order = [
      "multipart/mixed",
      "multipart/alternative",
      "text/plain",
      "multipart/related",
      "text/html",
      "image/png",
    ];
    const positions = order.map((type) => raw.indexOf(`Content-Type: ${type}`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(raw.indexOf("Content-Type: text/calendar")).toBeGreaterThan(raw.indexOf("Content-Type: image/png"));
  });

  it("keeps the shape of a message without attachments: multipart/alternative alone", () => {
    const raw = message([]);
    expect(raw).toContain('Content-Type: multipart/alternative; boundary="edgefare-emlatt0001edgefareexample"');
    expect(raw).not.toContain("multipart/mixed");
  });

  it("encodes a non-ASCII filename (RFC 2231, with an ASCII fallback) and lets no header be injected", async () => {
    const raw = message([
      {
        filename: 'Ticket Zürich "VIP".ics\r\nBcc: victim@example.com',
        contentType: "text/calendar\r\nBcc: victim@example.com",
        content: ics,
      },
      { filename: "../../etc/Konzert Großer Saal — 東京.pdf", contentType: "application/pdf", content: png },
    ]);
    expect(raw).not.toMatch(/\r\nBcc:/);
    expect(raw).toContain(`filename*=UTF-8''Ticket%20Z%C3%BCrich%20%22VIP%22.icsBcc%3A%20victim%40example.com`);
    const parsed = await PostalMime.parse(raw);
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType])).toEqual([
      ['Ticket Zürich "VIP".icsBcc: victim@example.com', "application/octet-stream"],
      ["_.._etc_Konzert Großer Saal — 東京.pdf", "application/pdf"],
    ]);
    expect(parsed.headers.filter((h) => h.key === "bcc")).toEqual([]);
  });
});

describe("attachments through the outbox", () => {
  const attachments = [calendar, qr];

  async function deliverWith(sender: EmailSender) {
    const outboxId = await insertOutboxEmail({ attachments });
    const deps = {
      db: createDb(env.DB),
      sender,
      from: env.EMAIL_FROM,
      clock: fixedClock(Date.now()),
      log: jsonLogger(),
    };
    const action = await handleEmailJob({ deps, input: { body: emailJob(outboxId), attempts: 1 } });
    return { outboxId, action };
  }

  it("stores the rendered attachments with the row and hands them, bytes intact, to the sender", async () => {
    const seen: OutgoingEmail[] = [];
    const { action } = await deliverWith({
      provider: "test",
      send: async (e) => {
        seen.push(e);
        return { ok: true, value: { providerMessageId: null } };
      },
    });
    expect(action).toEqual({ kind: "ack" });
    expect(seen[0]?.attachments).toEqual([
      { ...calendar, content: new TextEncoder().encode(ics) },
      { ...qr, content: png },
    ]);
  });

  it("sends them through the send_email binding, which accepts the multipart message", async () => {
    const received: EmailMessage[] = [];
    const binding = {
      send: async (m: EmailMessage) => {
        received.push(m);
        return env.EMAIL.send(m);
      },
    } as SendEmail;
    const { action } = await deliverWith(sendEmailBindingSender(binding, () => new Date()));
    expect(action).toEqual({ kind: "ack" });
    expect(received).toHaveLength(1);
    // What the binding got, read back: miniflare keeps an EmailMessage's raw text under this
    // internal name (the runtime exposes no getter). If it moves, this fails here, loudly.
    const raw = (received[0] as unknown as Record<string, unknown>)["EmailMessage::raw"];
    expect(typeof raw).toBe("string");
    const parsed = await PostalMime.parse(String(raw));
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType, a.disposition])).toEqual([
      ["ticket.png", "image/png", "inline"],
      ["K7M2QX.ics", "text/calendar", "attachment"],
    ]);
    const calendarPart = parsed.attachments.find((a) => a.mimeType === "text/calendar");
    expect(new TextDecoder().decode(bytes(calendarPart?.content ?? ""))).toBe(ics.replaceAll("\r\n", "\n"));
  });

  it("sends them to the HTTP provider as base64 with filename, type, disposition and content id", async () => {
    const bodies: Record<string, unknown>[] = [];
    const fetcher: typeof fetch = async (input, init) => {
      bodies.push((await new Request(input, init).json()) as Record<string, unknown>);
      return Response.json({ id: "prov_1" });
    };
    const sender = httpApiSender({ url: "https://mail.example/v1/send", token: "t", fetch: fetcher });
    const { action } = await deliverWith(sender);
    expect(action).toEqual({ kind: "ack" });
    expect(bodies[0]?.attachments).toEqual([
      {
        filename: "K7M2QX.ics",
        content: btoa(String.fromCharCode(...new TextEncoder().encode(ics))),
        content_type: "text/calendar; charset=utf-8; method=PUBLISH",
        disposition: "attachment",
      },
      {
        filename: "ticket.png",
        content: btoa(String.fromCharCode(...png)),
        content_type: "image/png",
        disposition: "inline",
        content_id: "qr-tkt_1@edgefare.example",
      },
    ]);
  });
});
