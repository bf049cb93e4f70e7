import { localDate } from "../../src/lib/time";
import { insertDeparture } from "./fixtures";

/** A UTC date `days` from now, and epoch seconds at an hour of that day. */
export function futureDay(days: number): { date: string; at: (hourUtc: number, minute?: number) => number } {
  const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return { date, at: (h, m = 0) => Date.parse(`${date}T00:00:00Z`) / 1000 + h * 3600 + m * 60 };
}

/**
 * London → Paris on one day, shaped to exercise every filter: two cabins on a flight, a rail
 * departure whose first class has only two seats, a sold-out flight, a night bus, a cancelled
 * flight, plus decoys on another route and another day.
 */
export async function seedLondonParis(db: D1Database, daysAhead: number, prefix: string) {
  const day = futureDay(daysAhead);
  const london = (t: number) => localDate(t * 1000, "Europe/London");
  const dep = (
    id: string,
    o: string,
    d: string,
    mode: "flight" | "rail" | "bus",
    at: number,
    minutes: number,
    fares: Parameters<typeof insertDeparture>[1]["fares"],
  ) =>
    insertDeparture(db, {
      id: `dep_${prefix}${id}`,
      originCode: o,
      destinationCode: d,
      mode,
      departsAt: at,
      durationMinutes: minutes,
      serviceDate: london(at),
      fares,
    });
  await dep("t1", "LHR", "CDG", "flight", day.at(8), 75, [
    { cabin: "economy", capacity: 10, priceMinor: 12000 },
    { cabin: "business", capacity: 4, priceMinor: 45000 },
  ]);
  await dep("t2", "GBSPX", "FRPNO", "rail", day.at(7), 140, [
    { cabin: "standard", capacity: 100, priceMinor: 9000 },
    { cabin: "first", capacity: 2, priceMinor: 20000 },
  ]);
  await dep("t3", "LGW", "ORY", "flight", day.at(12), 70, [{ cabin: "economy", capacity: 0, priceMinor: 8000 }]);
  await dep("t4", "GBVIC", "FRPLY", "bus", day.at(22), 540, [{ cabin: "standard", capacity: 30, priceMinor: 4000 }]);
  await dep("t5", "LHR", "CDG", "flight", day.at(9), 75, [{ cabin: "economy", capacity: 10, priceMinor: 1000 }]);
  await db.prepare("UPDATE departures SET status = 'cancelled' WHERE id = ?").bind(`dep_${prefix}t5`).run();
  await dep("x1", "LHR", "AMS", "flight", day.at(8), 70, [{ cabin: "economy", capacity: 10, priceMinor: 9900 }]);
  const nextDay = futureDay(daysAhead + 1);
  await dep("x2", "LHR", "CDG", "flight", nextDay.at(8), 75, [{ cabin: "economy", capacity: 10, priceMinor: 9900 }]);
  return day;
}
