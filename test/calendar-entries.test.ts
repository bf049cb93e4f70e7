import { describe, expect, it } from "vitest";
import { calendarContentType, fold, renderCalendar, text } from "../src/notifications/ics";

const now = Date.UTC(2026, 10, 30, 4, 0, 0);
const concert = {
  uid: "itm_k7m2qx01@edgefare.example",
  summary: "Nils Frahm, Live",
  start: Date.UTC(2026, 11, 14, 19, 30),
  end: Date.UTC(2026, 11, 14, 22, 0),
  location: "Philharmonie; Saal 1, Berlin",
  description: "2 × General admission\nBooking K7M2QX",
  url: "https://edgefare.example/bookings/K7M2QX",
};
const opts = { prodId: "-//edgefare//bookings//EN", now };

describe("calendar entries", () => {
  it("writes one VEVENT per entry in UTC, escaped, with CRLF line ends", () => {
    expect(renderCalendar([concert], opts)).toBe(
      [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//edgefare//bookings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        "UID:itm_k7m2qx01@edgefare.example",
        "DTSTAMP:20261130T040000Z",
        "DTSTART:20261214T193000Z",
        "DTEND:20261214T220000Z",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "SUMMARY:Nils Frahm\\, Live",
        "LOCATION:Philharmonie\\; Saal 1\\, Berlin",
        "DESCRIPTION:2 × General admission\\nBooking K7M2QX",
        "URL:https://edgefare.example/bookings/K7M2QX",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
      ].join("\r\n"),
    );
  });

  it("writes a cancellation that removes the entry: METHOD:CANCEL, STATUS:CANCELLED, a higher sequence", () => {
    const ics = renderCalendar([{ ...concert, sequence: 1 }], {
      ...opts,
      method: "CANCEL",
      organizer: { email: "bookings@edgefare.example", name: 'Edgefare "Bookings"' },
    });
    expect(ics.split("\r\n")).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//edgefare//bookings//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:CANCEL",
      "BEGIN:VEVENT",
      "UID:itm_k7m2qx01@edgefare.example",
      "DTSTAMP:20261130T040000Z",
      "DTSTART:20261214T193000Z",
      "DTEND:20261214T220000Z",
      "SEQUENCE:1",
      "STATUS:CANCELLED",
      "SUMMARY:Nils Frahm\\, Live",
      "LOCATION:Philharmonie\\; Saal 1\\, Berlin",
      "DESCRIPTION:2 × General admission\\nBooking K7M2QX",
      "URL:https://edgefare.example/bookings/K7M2QX",
      'ORGANIZER;CN="Edgefare Bookings":mailto:bookings@edgefare.example',
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ]);
    expect(calendarContentType("CANCEL")).toBe("text/calendar; charset=utf-8; method=CANCEL");
  });

  it("folds long lines at 75 octets without splitting a UTF-8 sequence", () => {
    const summary =
      "Konzert im Großen Saal: Zoë Ørsted spielt Bach — 東京フィルハーモニー交響楽団 ✈️ Zürich, Wien, Kraków und Göteborg";
    const ics = renderCalendar([{ ...concert, summary }], opts);
    const physical = ics.split("\r\n");
    const start = physical.findIndex((l) => l.startsWith("SUMMARY:"));
    const folded = [physical[start] ?? ""];
    for (let i = start + 1; physical[i]?.startsWith(" "); i++) folded.push(physical[i] ?? "");
    expect(folded.length).toBeGreaterThan(2);
    const encoder = new TextEncoder();
    for (const line of physical) expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
    // Every physical line is whole characters: decoding its bytes strictly gives it back.
    for (const line of folded) {
      expect(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(encoder.encode(line))).toBe(line);
    }
    // Unfolding (drop CRLF + one space) gives the logical line back.
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join("")).toBe(`SUMMARY:${text(summary)}`);
    // The first line is filled as far as a whole character allows.
    expect(encoder.encode(folded[0]).length).toBeGreaterThan(72);
  });

  it("folds exactly at the limit: 75 octets stay, 76 fold with a leading space", () => {
    expect(fold("X".repeat(75))).toBe("X".repeat(75));
    expect(fold("X".repeat(76))).toBe(`${"X".repeat(75)}\r\n X`);
    // A 3-byte character that would straddle octet 75 moves whole to the next line.
    expect(fold(`${"X".repeat(73)}€Y`)).toBe(`${"X".repeat(73)}\r\n €Y`);
    // 8 + 33 × 2 = 74 octets; a continuation holds 74 after its space: 37 × 2.
    expect(fold(`SUMMARY:${"é".repeat(80)}`)).toBe(
      `SUMMARY:${"é".repeat(33)}\r\n ${"é".repeat(37)}\r\n ${"é".repeat(10)}`,
    );
  });

  it("escapes backslash, semicolon, comma and line breaks, and drops other control characters", () => {
    expect(text("a\\b;c,d\r\ne\nf\rg\u0000h\u0007i\tj")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng" + "hi\tj");
    const ics = renderCalendar([{ ...concert, summary: "x\r\nEND:VEVENT\r\nBEGIN:VEVENT" }], opts);
    expect(ics.split("\r\n").filter((l) => l === "BEGIN:VEVENT")).toHaveLength(1);
  });

  it("writes several entries, an instant without DTEND, and refuses an end before the start", () => {
    const ics = renderCalendar(
      [concert, { uid: "itm_b@edgefare.example", summary: "Doors", start: concert.start, end: concert.start }],
      opts,
    );
    expect(ics.split("\r\n").filter((l) => l === "BEGIN:VEVENT")).toHaveLength(2);
    expect(ics.split("\r\n").filter((l) => l.startsWith("DTEND:"))).toEqual(["DTEND:20261214T220000Z"]);
    expect(() => renderCalendar([{ ...concert, end: concert.start - 1 }], opts)).toThrow(RangeError);
  });
});
