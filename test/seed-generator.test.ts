import { describe, expect, it } from "vitest";
import { createRng, hash32 } from "../src/lib/prng";
import { localDate } from "../src/lib/time";
import { getPlace } from "../src/places/catalog";
import type { departures, fareClasses } from "../src/products/departures/schema";
import { buildNetwork, generateSchedule, SMALL_CITY_CODES } from "../src/products/departures/seed/generator";
import type {
  DepartureRow,
  FareClassRow,
  GeneratedDeparture,
  ScheduleOptions,
} from "../src/products/departures/seed/types";
import { BUSY_ROUTES, QUIET_ROUTE, SMALL_SEED, UNSERVED_ROUTE } from "./support/seed";

// Compile-time: generated rows are insertable through drizzle as they are.
const departureFits: (row: DepartureRow) => typeof departures.$inferInsert = (row) => row;
const fareFits: (row: FareClassRow) => typeof fareClasses.$inferInsert = (row) => row;
void [departureFits, fareFits];

// A date range that crosses the end of European summer time (last Sunday of October).
const OPTIONS: ScheduleOptions = { seed: 42, startDate: "2026-10-20", days: 14, size: "small" };
const all = (o: ScheduleOptions) => [...generateSchedule(o)];

function digest(rows: GeneratedDeparture[]): number {
  return hash32(JSON.stringify(rows));
}

/** Plausible door-to-door minutes by mode: shortest and longest services anywhere in the network. */
const DURATION_RANGE = {
  flight: [45, 20 * 60],
  rail: [15, 16 * 60],
  bus: [30, 18 * 60],
  ferry: [45, 24 * 60],
} as const;

describe("generateSchedule", () => {
  it("gives identical rows for identical options", () => {
    const a = all(OPTIONS);
    const b = all(OPTIONS);
    expect(a.length).toBeGreaterThan(1000);
    expect(digest(a)).toBe(digest(b));
    expect(a).toEqual(b);
  });

  it("gives a different schedule for a different seed", () => {
    const other = all({ ...OPTIONS, seed: 7 });
    expect(digest(other)).not.toBe(digest(all(OPTIONS)));
    expect(other.map((d) => d.departure.departsAt)).not.toEqual(all(OPTIONS).map((d) => d.departure.departsAt));
  });

  it("keeps a departure's id when the window moves, so reseeding replaces rows", () => {
    const later = all({ ...OPTIONS, startDate: "2026-10-21", days: 1 }).map((d) => d.departure.id);
    const ids = new Set(all(OPTIONS).map((d) => d.departure.id));
    expect(later.every((id) => ids.has(id))).toBe(true);
    expect(ids.size).toBe(all(OPTIONS).length);
  });

  // Southern-hemisphere DST ends on 2027-04-04 (Sydney, Santiago); the large network covers every zone.
  it.each([
    ["small", OPTIONS],
    ["large", { seed: 42, startDate: "2027-04-02", days: 3, size: "large" } as ScheduleOptions],
  ])("produces %s rows that respect time, date, duration, price and capacity rules", (_, options) => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    const rows = all(options);
    for (const { departure: d, fares } of rows) {
      const origin = getPlace(d.originCode);
      const tag = `${d.id} ${d.mode} ${d.number} ${d.originCode}-${d.destinationCode}`;
      check(origin !== undefined && getPlace(d.destinationCode) !== undefined, `${tag}: unknown place`);
      check(/^dep_[0-9a-z]{14}$/.test(d.id), `${tag}: id shape`);
      check(d.arrivesAt === d.departsAt + d.durationMinutes * 60 && d.arrivesAt > d.departsAt, `${tag}: times`);
      check(localDate(d.departsAt * 1000, origin?.timezone ?? "UTC") === d.serviceDate, `${tag}: service date`);
      const [min, max] = DURATION_RANGE[d.mode];
      check(d.durationMinutes >= min && d.durationMinutes <= max, `${tag}: ${d.durationMinutes} min`);
      check(fares.length > 0, `${tag}: no fares`);
      for (const f of fares) {
        check(f.departureId === d.id && Number.isInteger(f.priceMinor) && f.priceMinor > 0, `${tag}: ${f.cabin} price`);
        check(f.capacity > 0 && f.seatsAvailable === f.capacity, `${tag}: ${f.cabin} capacity`);
      }
    }
    expect(rows.length).toBeGreaterThan(1000);
    expect(new Set(rows.map((r) => r.departure.id)).size).toBe(rows.length);
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it("sells the classes each mode has, priced in the origin country's currency", () => {
    const cabins = new Map<string, Set<string>>();
    for (const { departure: d, fares } of all(OPTIONS)) {
      const set = cabins.get(d.mode) ?? new Set();
      for (const f of fares) set.add(f.cabin);
      cabins.set(d.mode, set);
      const expected = { GB: "GBP", FR: "EUR", FI: "EUR", EE: "EUR", US: "USD", JP: "JPY" }[
        getPlace(d.originCode)?.country ?? ""
      ];
      for (const f of fares) expect(f.currency).toBe(expected);
    }
    expect([...(cabins.get("flight") ?? [])].sort()).toEqual(["business", "economy", "premium"]);
    expect([...(cabins.get("rail") ?? [])].sort()).toEqual(["first", "standard"]);
    expect([...(cabins.get("bus") ?? [])]).toEqual(["standard"]);
    expect([...(cabins.get("ferry") ?? [])].sort()).toEqual(["first", "standard"]);
  });

  it("charges more close to departure than weeks ahead for the same service", () => {
    const rows = all({ ...OPTIONS, days: 28 });
    const byNumber = (day: string) =>
      new Map(
        rows
          .filter((r) => r.departure.serviceDate === day)
          .map((r) => [r.departure.number, r.fares[0]?.priceMinor ?? 0]),
      );
    const first = byNumber("2026-10-20");
    const later = byNumber("2026-11-16");
    let dearer = 0;
    for (const [number, price] of first) if (price > (later.get(number) ?? Infinity)) dearer++;
    expect(dearer / first.size).toBeGreaterThan(0.9);
  });

  it("keeps local departure times across the DST change and shifts UTC by the hour instead", () => {
    const schedule = all(OPTIONS);
    const rows = schedule.filter((r) => r.departure.number === schedule[0]?.departure.number);
    expect(rows).toHaveLength(OPTIONS.days);
    const times = rows.map((r) => {
      const tz = getPlace(r.departure.originCode)?.timezone ?? "UTC";
      const local = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit" });
      return local.format(new Date(r.departure.departsAt * 1000));
    });
    expect(new Set(times).size).toBe(1);
    const utcHours = new Set(rows.map((r) => new Date(r.departure.departsAt * 1000).getUTCHours()));
    expect(utcHours.size).toBe(2);
  });

  it("rejects malformed options", () => {
    expect(() => all({ ...OPTIONS, startDate: "20-10-2026" })).toThrow(RangeError);
    expect(() => all({ ...OPTIONS, days: 0 })).toThrow(RangeError);
    expect(() => all({ ...OPTIONS, seed: 1.5 })).toThrow(RangeError);
  });
});

describe("the small seed", () => {
  const rows = all({ ...SMALL_SEED, startDate: "2026-11-02" });
  const onDay = (o: string, d: string, date = "2026-11-05") =>
    rows.filter(
      (r) =>
        r.departure.serviceDate === date &&
        getPlace(r.departure.originCode)?.cityCode === o &&
        getPlace(r.departure.destinationCode)?.cityCode === d,
    );

  it("holds a few thousand departures between its cities only", () => {
    expect(rows.length).toBeGreaterThan(2000);
    expect(rows.length).toBeLessThan(10_000);
    const cities = new Set(
      rows.flatMap((r) => [r.departure.originCode, r.departure.destinationCode]).map((c) => getPlace(c)?.cityCode),
    );
    expect([...cities].sort()).toEqual([...SMALL_CITY_CODES].sort());
  });

  it("runs the busy, quiet and unserved routes the search tests rely on", () => {
    for (const route of [...BUSY_ROUTES, QUIET_ROUTE]) {
      for (const date of ["2026-11-05", "2026-11-08", "2026-11-30"]) {
        const found = onDay(route.origin, route.destination, date);
        expect(found.length, `${route.origin}-${route.destination} ${date}`).toBe(route.perDay);
        expect(new Set(found.map((r) => r.departure.mode))).toEqual(new Set(route.modes));
      }
    }
    expect(onDay(UNSERVED_ROUTE.origin, UNSERVED_ROUTE.destination)).toEqual([]);
  });

  it("is an exact slice of the large network", () => {
    const large = new Set(buildNetwork(42, "large").map((s) => `${s.number}|${s.origin.code}|${s.departMinutes}`));
    for (const s of buildNetwork(42, "small"))
      expect(large.has(`${s.number}|${s.origin.code}|${s.departMinutes}`)).toBe(true);
  });
});

describe("createRng", () => {
  it("repeats its stream for the same seed and stays in [0, 1)", () => {
    const a = createRng(99);
    const b = createRng(99);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
