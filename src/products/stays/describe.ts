import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { ItemDescription } from "../../holds/item-snapshot";
import type { HoldView, RefundStep } from "../../inventory/contract";
import { localToUtc, toLocalIso, weekday } from "../../lib/time";
import { stayHoldFields } from "./holds/request";
import { properties } from "./schema/properties";
import { roomTypes } from "./schema/room-types";
import { plural } from "./words";

/**
 * A stay's booking item, made when the hold is booked: the property and room as they are then
 * (a later rename does not rewrite a confirmation), arrival and departure as instants at the
 * property's check-in and check-out times in its time zone, and the terms (refundPolicyOf) in
 * words. Null when the hold's room type is not the property's (the engine answers HOLD_NOT_FOUND).
 */
export async function describeStay(deps: { db: Database }, hold: HoldView): Promise<ItemDescription | null> {
  const stay = stayHoldFields(hold);
  const [found] = await deps.db
    .select({ property: properties, roomTypeName: roomTypes.name })
    .from(properties)
    .innerJoin(roomTypes, eq(roomTypes.propertyId, properties.id))
    .where(eq(roomTypes.id, stay.room_type_id))
    .limit(1);
  if (!found || found.property.id !== hold.unitId) return null;
  const { property, roomTypeName } = found;
  const tz = property.timezone;
  const guests = [plural(stay.adults, "adult"), stay.children > 0 ? plural(stay.children, "child", "children") : null];
  return {
    snapshot: {
      title: `${property.name}: ${stay.rooms} × ${roomTypeName}, ${plural(stay.nights, "night")}`,
      details: [
        ["Property", property.name],
        ["Room", `${stay.rooms} × ${roomTypeName}`],
        ["Check-in", `${dayName(stay.check_in)} from ${property.checkInFrom}`],
        ["Check-out", `${dayName(stay.check_out)} until ${property.checkOutUntil}`],
        ["Nights", String(stay.nights)],
        ["Guests", guests.filter(Boolean).join(", ")],
        ["Cancellation", policySummary(refundPolicyOf(hold), tz)],
      ],
      location: property.address,
      startLabel: "Check-in",
      calendarSummary: `Stay at ${property.name}`,
    },
    startsAt: localToUtc(tz, stay.check_in, minutesOf(property.checkInFrom)),
    endsAt: localToUtc(tz, stay.check_out, minutesOf(property.checkOutUntil)),
    timezone: tz,
    // Every night is refunded by the stay's terms, which count from its check-in.
    refundPolicy: refundPolicyOf(hold),
  };
}

/**
 * The stay's terms. Every night's pool carries the rate's policy for a stay arriving on that
 * night, and a stay's terms count from its check-in: the first night's locked policy is the
 * stay's, for the whole item (not each night by its own date).
 */
export function refundPolicyOf(hold: HoldView): RefundStep[] {
  const first = [...hold.lines].sort((a, b) => (a.pool < b.pool ? -1 : 1))[0];
  return first?.refundPolicy ?? [];
}

/** The locked steps in words, with local times at the property: what the guest reads before cancelling. */
export function policySummary(steps: readonly RefundStep[], timeZone: string): string {
  if (steps.every((s) => s.refundBps === 0)) return "Non-refundable.";
  const at = (ms: number) => toLocalIso(ms, timeZone).slice(0, 16).replace("T", " ");
  const parts = steps.map((s, i) => {
    const share = s.refundBps === 10_000 ? "full refund" : `${s.refundBps / 100} % refunded`;
    const sentence = `${share} until ${at(s.before)} (${timeZone})`;
    return i === 0 ? sentence.charAt(0).toUpperCase() + sentence.slice(1) : sentence;
  });
  return `${parts.join("; then ")}; no refund after.`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const dayName = (date: string) => `${DAYS[weekday(date)]} ${date}`;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
