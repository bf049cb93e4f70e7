import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localDate, localParts, toLocalIso, toUtcIso } from "../src/lib/time";

const ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "UTC"];

describe("toLocalIso", () => {
  it("gives the wall-clock time and offset, across DST changes", () => {
    expect(toLocalIso(Date.parse("2026-03-29T00:59:59Z"), "Europe/London")).toBe("2026-03-29T00:59:59+00:00");
    expect(toLocalIso(Date.parse("2026-03-29T01:00:00Z"), "Europe/London")).toBe("2026-03-29T02:00:00+01:00");
    expect(toLocalIso(Date.parse("2026-11-24T06:20:00Z"), "Asia/Kolkata")).toBe("2026-11-24T11:50:00+05:30");
  });

  it("answers a remembered instant as it formatted it, per zone, and UTC like toISOString", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1.7e12, max: 1.9e12 }), fc.constantFrom(...ZONES)), { maxLength: 50 }),
        (instants) => {
          const first = instants.map(([ms, zone]) => toLocalIso(ms, zone));
          // Again, zones interleaved the other way: no zone answers for another.
          expect([...instants].reverse().map(([ms, zone]) => toLocalIso(ms, zone))).toEqual([...first].reverse());
          for (const [ms] of instants) expect(toUtcIso(ms)).toBe(new Date(ms).toISOString());
        },
      ),
    );
  });

  it("agrees with Intl for any instant in zones with odd offsets and transitions", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2025-01-01T00:00:00Z"), max: Date.parse("2028-12-31T00:00:00Z") }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          const { date, time, offsetMinutes } = localParts(ms, zone);
          const sign = offsetMinutes < 0 ? "-" : "+";
          const abs = Math.abs(offsetMinutes);
          const expected = `${date}T${time}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
          expect(toLocalIso(ms, zone)).toBe(expected);
          expect(localDate(ms, zone)).toBe(date);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
