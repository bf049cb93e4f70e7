import type { Database } from "../../db/client";
import type { ItemDescription } from "../../holds/item-snapshot";
import type { HoldView, RefundStep } from "../../inventory/contract";
import { type EventDetails, loadEventDetails } from "./details";

/** "Saturday 5 December 2026, 20:00" at the venue; built from parts, since ICU versions punctuate differently. */
function localDateTime(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(epochMs));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/**
 * The refund rule the booking keeps, in the words of the locked steps (absolute instants, so a
 * later change to the tier's rule or the start does not rewrite what the traveller bought).
 */
export function lockedRefundSummary(steps: readonly RefundStep[], timeZone: string): string {
  if (steps.length === 0) return "Not refundable.";
  const parts = steps.map((s, i) => {
    const share = s.refundBps === 10_000 ? "Full refund" : `${s.refundBps / 100} % refund`;
    return `${i === 0 ? share : share.toLowerCase()} if cancelled before ${localDateTime(s.before, timeZone)}`;
  });
  return `${parts.join("; ")}; none after.`;
}

/** The snapshot from an event's rows and the hold's locked lines, without I/O (tested on its own). */
export function snapshotOf(d: EventDetails, hold: Pick<HoldView, "lines">): ItemDescription {
  const { event, venue } = d;
  const tz = event.timezone;
  const tickets = hold.lines.map((l) => `${l.quantity} × ${l.label}`).join(", ");
  const refund = hold.lines[0]?.refundPolicy ?? [];
  const details: [string, string][] = [];
  if (event.performers.length > 0) details.push(["Performers", event.performers.join(", ")]);
  details.push(["Venue", venue.name], ["Address", venue.address]);
  details.push(["Starts", localDateTime(event.startsAt * 1000, tz)]);
  if (event.doorsOpenAt !== null) details.push(["Doors open", localDateTime(event.doorsOpenAt * 1000, tz)]);
  details.push(["Ends", localDateTime(event.endsAt * 1000, tz)], ["Tickets", tickets]);
  details.push(["Refunds", lockedRefundSummary(refund, tz)]);
  return {
    snapshot: {
      title: event.name,
      details,
      location: `${venue.name}, ${venue.address}`,
      startLabel: "Starts",
      calendarSummary: `${event.name} (${tickets})`,
    },
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: tz,
  };
}

/**
 * What a booking item of an event shows everywhere (confirmation, reminder, calendar entry, the
 * booking view): taken once, at booking time. Null when the event is gone (the engine refuses the item).
 */
export async function describeEventHold(deps: { db: Database }, hold: HoldView): Promise<ItemDescription | null> {
  const details = await loadEventDetails(deps.db, hold.unitId);
  return details ? snapshotOf(details, hold) : null;
}
