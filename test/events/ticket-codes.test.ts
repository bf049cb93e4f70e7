import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import devVars from "../../.dev.vars.example?raw";
import { createDb } from "../../src/db/client";
import { fromBase64Url, toBase64Url } from "../../src/lib/encoding";
import { decodePayload, signTicket, type TicketClaims, verifyTicketCode } from "../../src/products/events/tickets/code";
import { ticketQrAttachments, ticketQrContentId } from "../../src/products/events/tickets/email";
import { holderInitials } from "../../src/products/events/tickets/holder";
import { issueTickets, voidTickets } from "../../src/products/events/tickets/issue";
import { DEV_TICKET_KEY_X, ticketJwks, ticketSigner } from "../../src/products/events/tickets/keys";
import { crc32, qrMatrix, qrPng, qrSvg } from "../../src/products/events/tickets/qr";
import { generateTicketKey } from "../support/ticket-keys";

const claims: TicketClaims = {
  kid: "k1",
  ticketId: "tkt_abcdefghijklmnopqrst",
  eventId: "evt_0h5k2m9q1x",
  tierId: "tier_ga",
  bookingReference: "K7M2QX",
  holderInitials: "AL",
  issuedAt: 1_796_000_000,
};

async function keyPair(kid: string) {
  const { secret, publicJwk } = await generateTicketKey(kid);
  const signer = await ticketSigner({ ENVIRONMENT: "test", TICKET_SIGNING_KEY: secret });
  if (!signer.ok) throw new Error(signer.error.detail);
  return { key: signer.value.key, jwks: { keys: [publicJwk] }, secret };
}

/** The code with one bit of byte `index` flipped, re-encoded. */
function flip(code: string, index: number): string {
  const bytes = fromBase64Url(code) ?? new Uint8Array();
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return toBase64Url(bytes);
}

describe("ticket codes", () => {
  it("signs with Ed25519 in workerd and verifies offline: the claims come back", async () => {
    const { key, jwks } = await keyPair("k1");
    const code = await signTicket(claims, key);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(code.length).toBeLessThan(220);
    expect(await verifyTicketCode(code, jwks)).toEqual({ ok: true, claims });
  });

  it("refuses a code with any single byte altered, in the claims or in the signature", async () => {
    const { key, jwks } = await keyPair("k1");
    const code = await signTicket(claims, key);
    const length = fromBase64Url(code)?.length ?? 0;
    for (let i = 0; i < length; i++) {
      const result = await verifyTicketCode(flip(code, i), jwks);
      expect(result.ok, `byte ${i}`).toBe(false);
    }
    // An altered tier (a GA ticket made VIP) keeps the structure: the signature is what refuses it.
    const payload = decodePayload((fromBase64Url(code) ?? new Uint8Array()).subarray(0, length - 64));
    expect(payload).toEqual(claims);
    const tierAt = new TextDecoder().decode(fromBase64Url(code) ?? new Uint8Array()).indexOf("tier_ga");
    expect(await verifyTicketCode(flip(code, tierAt + 5), jwks)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a code signed by another key with the same kid, and one naming a kid not in the set", async () => {
    const genuine = await keyPair("k1");
    const forger = await keyPair("k1");
    expect(await verifyTicketCode(await signTicket(claims, forger.key), genuine.jwks)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    const other = await keyPair("k2");
    expect(await verifyTicketCode(await signTicket({ ...claims, kid: "k2" }, other.key), genuine.jwks)).toEqual({
      ok: false,
      reason: "unknown_key",
    });
  });

  it("refuses what is not a ticket code at all", async () => {
    const { jwks } = await keyPair("k1");
    for (const junk of ["", "hello", "a".repeat(2000), "====", "AAAA", toBase64Url(new Uint8Array(100))]) {
      expect(await verifyTicketCode(junk, jwks)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("names the holder by initials only, folded the way a door person types them", () => {
    expect(holderInitials("Ada King Lovelace")).toBe("AL");
    expect(holderInitials("zoë ørsted")).toBe("ZO");
    expect(holderInitials("Łukasz")).toBe("L");
    expect(holderInitials("東京 太郎")).toBe("東太");
    expect(holderInitials("  ")).toBe("");
  });
});

describe("ticket keys", () => {
  it("serves the current public key first, then retired ones, never a private part", async () => {
    const current = await generateTicketKey("k2");
    const retired = await generateTicketKey("k1");
    const jwks = ticketJwks({
      ENVIRONMENT: "production",
      TICKET_SIGNING_KEY: current.secret,
      TICKET_VERIFY_KEYS: JSON.stringify({ keys: [retired.publicJwk] }),
    });
    expect(jwks.keys.map((k) => k.kid)).toEqual(["k2", "k1"]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it("refuses to sign with the published development key outside development, and does not serve it there", async () => {
    const dev = devVars.match(/^TICKET_SIGNING_KEY=(.*)$/m)?.[1] ?? "";
    expect(JSON.parse(dev).x).toBe(DEV_TICKET_KEY_X);
    expect((await ticketSigner({ ENVIRONMENT: "development", TICKET_SIGNING_KEY: dev })).ok).toBe(true);
    expect(await ticketSigner({ ENVIRONMENT: "production", TICKET_SIGNING_KEY: dev })).toEqual({
      ok: false,
      error: {
        code: "TICKETS_UNAVAILABLE",
        detail: "The development ticket key signs nothing outside development; set a real key.",
      },
    });
    expect(ticketJwks({ ENVIRONMENT: "production", TICKET_SIGNING_KEY: dev })).toEqual({ keys: [] });
    expect((await ticketSigner({ ENVIRONMENT: "production" })).ok).toBe(false);
    expect((await ticketSigner({ ENVIRONMENT: "production", TICKET_SIGNING_KEY: "{not json" })).ok).toBe(false);
  });
});

describe("issuing tickets", () => {
  const deps = () => ({
    db: createDb(env.DB),
    signer: () => ticketSigner(env),
    now: () => Date.UTC(2026, 10, 30, 4),
  });
  const input = (itemId: string) => ({
    bookingReference: "K7M2QX",
    itemId,
    eventId: "evt_issue1",
    tierId: "tier_ga",
    quantity: 3,
    holderName: "Ada Lovelace",
  });

  it("writes one signed ticket per unit, and the same tickets when issued again or concurrently", async () => {
    const itemId = `itm_${crypto.randomUUID().slice(0, 8)}`;
    const [a, b] = await Promise.all([
      issueTickets({ deps: deps(), input: input(itemId) }),
      issueTickets({ deps: deps(), input: input(itemId) }),
    ]);
    const again = await issueTickets({ deps: deps(), input: input(itemId) });
    if (!a.ok || !b.ok || !again.ok) throw new Error("issue failed");
    expect(a.value.map((t) => t.position)).toEqual([1, 2, 3]);
    expect(b.value).toEqual(a.value);
    expect(again.value).toEqual(a.value);
    const jwks = ticketJwks(env);
    for (const ticket of a.value) {
      expect(ticket).toMatchObject({ status: "valid", holderInitials: "AL", kid: "test-1", eventId: "evt_issue1" });
      const verified = await verifyTicketCode(ticket.code, jwks);
      expect(verified).toEqual({
        ok: true,
        claims: {
          kid: "test-1",
          ticketId: ticket.id,
          eventId: "evt_issue1",
          tierId: "tier_ga",
          bookingReference: "K7M2QX",
          holderInitials: "AL",
          issuedAt: Date.UTC(2026, 10, 30, 4) / 1000,
        },
      });
    }
  });

  it("refuses a different request for an item that has tickets, and a quantity out of range", async () => {
    const itemId = `itm_${crypto.randomUUID().slice(0, 8)}`;
    await issueTickets({ deps: deps(), input: input(itemId) });
    expect(await issueTickets({ deps: deps(), input: { ...input(itemId), quantity: 4 } })).toEqual({
      ok: false,
      error: { code: "CONFLICT", detail: `Booking item ${itemId} already has 3 tickets for another request.` },
    });
    expect((await issueTickets({ deps: deps(), input: { ...input("itm_zero"), quantity: 0 } })).ok).toBe(false);
  });

  it("answers TICKETS_UNAVAILABLE and writes nothing without a signing key", async () => {
    const itemId = `itm_${crypto.randomUUID().slice(0, 8)}`;
    const result = await issueTickets({
      deps: { ...deps(), signer: () => ticketSigner({ ENVIRONMENT: "production" }) },
      input: input(itemId),
    });
    expect(result).toEqual({
      ok: false,
      error: { code: "TICKETS_UNAVAILABLE", detail: "No ticket signing key is configured (TICKET_SIGNING_KEY)." },
    });
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM event_tickets WHERE item_id = ?").bind(itemId).first();
    expect(rows).toEqual({ n: 0 });
  });

  it("voids an item's tickets once", async () => {
    const itemId = `itm_${crypto.randomUUID().slice(0, 8)}`;
    const issued = await issueTickets({ deps: deps(), input: input(itemId) });
    if (!issued.ok) throw new Error("issue failed");
    const first = await voidTickets({ deps: deps(), input: { itemId } });
    if (!first.ok) throw new Error("void failed");
    expect([...first.value.voided].sort()).toEqual(issued.value.map((t) => t.id).sort());
    expect(await voidTickets({ deps: deps(), input: { itemId } })).toEqual({ ok: true, value: { voided: [] } });
  });
});

describe("QR images", () => {
  const code = "x".repeat(200);

  it("gives a confirmation email one inline PNG per ticket, shown by its Content-ID", async () => {
    const attachments = await ticketQrAttachments([
      { id: "tkt_a", code, position: 1 },
      { id: "tkt_b", code: `${code}y`, position: 2 },
    ]);
    expect(attachments.map(({ content, ...rest }) => rest)).toEqual([
      {
        filename: "ticket-1.png",
        contentType: "image/png",
        disposition: "inline",
        contentId: ticketQrContentId("tkt_a"),
      },
      {
        filename: "ticket-2.png",
        contentType: "image/png",
        disposition: "inline",
        contentId: ticketQrContentId("tkt_b"),
      },
    ]);
    expect(attachments[0]?.content).toEqual(await qrPng(code));
  });

  it("draws the code as an SVG with one dark run per subpath over a white square", () => {
    const svg = qrSvg(code);
    const size = qrMatrix(code).length;
    expect(svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}"`)).toBe(true);
    const dark = qrMatrix(code).flat().filter(Boolean).length;
    const runs = [...svg.matchAll(/h(\d+)v1/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(runs).toBe(dark);
  });

  it("writes a valid 1-bit PNG whose pixels are the QR modules", async () => {
    const png = await qrPng(code, 2);
    const size = qrMatrix(code).length * 2;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect([view.getUint32(16), view.getUint32(20), png[24], png[25]]).toEqual([size, size, 1, 0]);
    // Every chunk's CRC is right, and the image data inflates back to the modules.
    let at = 8;
    const idat: Uint8Array[] = [];
    while (at < png.length) {
      const length = view.getUint32(at);
      const typed = png.subarray(at + 4, at + 8 + length);
      expect(view.getUint32(at + 8 + length)).toBe(crc32(typed));
      if (new TextDecoder().decode(typed.subarray(0, 4)) === "IDAT") idat.push(typed.subarray(4));
      at += 12 + length;
    }
    const inflated = new Uint8Array(
      await new Response(new Blob(idat).stream().pipeThrough(new DecompressionStream("deflate"))).arrayBuffer(),
    );
    const stride = Math.ceil(size / 8) + 1;
    const matrix = qrMatrix(code);
    for (let y = 0; y < size; y++) {
      expect(inflated[y * stride]).toBe(0);
      for (let x = 0; x < size; x++) {
        const white = ((inflated[y * stride + 1 + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
        expect(white === 0).toBe(matrix[y >> 1]?.[x >> 1]);
      }
    }
  });
});
