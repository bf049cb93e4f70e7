import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bearerToken, createOwnerToken, hashOwnerToken } from "../src/bookings/owner-token";
import { generateReference, normaliseReference, REFERENCE_ALPHABET } from "../src/bookings/reference";
import { type BookingEvent, canApply, edgeOf, isTerminal, transition } from "../src/bookings/state-machine";
import { BOOKING_STATUSES, type BookingStatus } from "../src/db/schema";
import { foldCompact as foldName } from "../src/lib/fold";

const EVENTS: BookingEvent[] = ["payment_succeeded", "payment_declined", "hold_lost", "cancel", "refund_settled"];

describe("booking state machine", () => {
  it("allows exactly the documented transitions", () => {
    const allowed: string[] = [];
    for (const from of BOOKING_STATUSES) {
      for (const event of EVENTS) {
        const t = transition(from, event);
        if (t.ok) allowed.push(`${from} -${event}-> ${t.to}`);
      }
    }
    expect(allowed.sort()).toEqual([
      "cancelled -refund_settled-> refunded",
      "confirmed -cancel-> cancelled",
      "pending_payment -hold_lost-> expired",
      "pending_payment -payment_declined-> payment_failed",
      "pending_payment -payment_succeeded-> confirmed",
    ]);
  });

  it("answers an illegal transition with a typed error naming it", () => {
    expect(transition("payment_failed", "payment_succeeded")).toEqual({
      ok: false,
      error: { kind: "illegal_transition", from: "payment_failed", event: "payment_succeeded" },
    });
    expect(canApply("expired", "cancel")).toBe(false);
  });

  it("never re-enters a status, whatever the sequence of events", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 12 }), (events) => {
        let status: BookingStatus = "pending_payment";
        const seen = new Set<BookingStatus>([status]);
        for (const event of events) {
          const t = transition(status, event);
          if (!t.ok) continue;
          expect(seen.has(t.to)).toBe(false);
          seen.add(t.to);
          status = t.to;
        }
      }),
    );
  });

  it("gives every event one source status for the conditional UPDATE", () => {
    expect(EVENTS.map(edgeOf)).toEqual([
      { from: "pending_payment", to: "confirmed" },
      { from: "pending_payment", to: "payment_failed" },
      { from: "pending_payment", to: "expired" },
      { from: "confirmed", to: "cancelled" },
      { from: "cancelled", to: "refunded" },
    ]);
    expect(BOOKING_STATUSES.filter(isTerminal)).toEqual(["payment_failed", "expired", "refunded"]);
  });
});

describe("booking references", () => {
  it("are six characters from an alphabet without look-alikes", () => {
    for (let i = 0; i < 500; i++) expect(generateReference()).toMatch(/^[ABCDEFGHJKMNPQRSTWXYZ2-9]{6}$/);
    expect(REFERENCE_ALPHABET).not.toMatch(/[0O1ILUV]/);
  });

  it("skip bytes that would bias the draw", () => {
    // 29 * 8 = 232: bytes from 232 up are rejected, the rest map by modulo.
    const bytes = [255, 240, 232, 0, 28, 29, 231, 57, 58];
    const reference = generateReference(() => Uint8Array.from(bytes));
    expect(reference).toBe("A9A99A");
  });

  it("are read back whatever the case and spacing", () => {
    expect(normaliseReference("  k7m4qx ")).toBe("K7M4QX");
    expect(normaliseReference("K7M4Q0")).toBeNull();
    expect(normaliseReference("K7M4QXX")).toBeNull();
  });
});

describe("family names", () => {
  it("match regardless of case, accents, spaces and punctuation", () => {
    expect(foldName("Müller-Lüdenscheidt")).toBe(foldName("MULLER ludenscheidt"));
    expect(foldName("O'Neil")).toBe(foldName("oneil"));
    expect(foldName("Straße")).toBe(foldName("STRASSE"));
    expect(foldName("Ñúñez")).toBe("nunez");
    expect(foldName("Smith")).not.toBe(foldName("Smyth"));
  });

  it("fold to a fixed point", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(foldName(foldName(s))).toBe(foldName(s));
      }),
    );
  });
});

describe("owner tokens", () => {
  it("are random, stored only as a SHA-256 and read from a bearer header", async () => {
    const token = createOwnerToken();
    expect(token).not.toBe(createOwnerToken());
    expect(await hashOwnerToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashOwnerToken(token)).toBe(await hashOwnerToken(token));
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken("Bearer something-else")).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
