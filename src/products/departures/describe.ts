import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { ItemDescription } from "../../holds/item-snapshot";
import type { HoldView } from "../../inventory/contract";
import { getPlace } from "../../places/catalog";
import { departures } from "./schema";

const MODE_WORD = { flight: "Flight", rail: "Train", bus: "Bus", ferry: "Ferry" } as const;

/**
 * A departure hold as a booking item: the trip between two places, its service, cabin and seats,
 * starting at the origin in the origin's time zone. The same shape is built in SQL by migration
 * 0009_booking_items for the bookings made before items existed; keep the two in step.
 */
export async function describeDepartureHold(db: Database, hold: HoldView): Promise<ItemDescription | null> {
  const row = await db
    .select({
      mode: departures.mode,
      operator: departures.operator,
      number: departures.number,
      originCode: departures.originCode,
      destinationCode: departures.destinationCode,
      departsAt: departures.departsAt,
      arrivesAt: departures.arrivesAt,
    })
    .from(departures)
    .where(eq(departures.id, hold.unitId))
    .get();
  if (!row) return null;
  // From the place catalogue, as emails read it; a code it does not know shows bare, in UTC.
  const origin = getPlace(row.originCode);
  const route = `${row.originCode} → ${row.destinationCode}`;
  const seats = hold.lines.reduce((sum, l) => sum + l.quantity, 0);
  return {
    snapshot: {
      title: route,
      details: [
        ["Service", `${row.operator} ${row.number}`],
        ["Cabin", hold.lines.map((l) => l.label).join(", ")],
        ["Seats", String(seats)],
      ],
      location: `${origin?.name ?? row.originCode} (${row.originCode})`,
      startLabel: "Departs",
      calendarSummary: `${MODE_WORD[row.mode]} ${route} (${row.number})`,
    },
    startsAt: row.departsAt,
    endsAt: row.arrivesAt,
    timezone: origin?.timezone ?? "UTC",
  };
}
