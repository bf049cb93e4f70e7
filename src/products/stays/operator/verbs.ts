import { eq } from "drizzle-orm";
import { err, ok, type Result } from "../../../lib/result";
import { addDays } from "../../../lib/time";
import type { ClosureKind } from "../config";
import { properties } from "../schema/properties";
import { propertyClosures } from "../schema/property-closures";
import { roomRateOverrides } from "../schema/room-rate-overrides";
import { roomTypes } from "../schema/room-types";
import type { StaysOperatorDeps } from "./deps";
import { loadForChange, type NightRange, poolChanges } from "./scope";

type Verb<I> = (args: { deps: StaysOperatorDeps; input: I }) => Promise<Result<{ nights: number }>>;

/**
 * Rooms of a room type from a night on. The object keeps each night's count, D1 one count per
 * room type: the nights before `from` are materialised at the old count in the same call (they
 * keep it), the nights from `from` to the end of the bookable year get the new one, and the room
 * type's count becomes the new one for every night materialised later. The object refuses a count
 * below the rooms held and sold on any night (CAPACITY_BELOW_COMMITTED), and then nothing changes.
 */
export const setRoomCount: Verb<{
  propertyId: string;
  roomTypeId: string;
  roomCount: number;
  from: string;
  reason: string;
}> = async ({ deps, input }) => {
  const loaded = await loadForChange(deps, input.propertyId, input.roomTypeId, { from: input.from, to: input.from });
  if (!loaded.ok) return loaded;
  const { facts, touched, today, last } = loaded.value;
  const before = { from: today, to: addDays(input.from, -1) };
  const pinned = before.to >= before.from ? poolChanges(facts, touched, before) : [];
  const changed = touched.map((rt) => ({ ...rt, roomCount: input.roomCount }));
  const after = poolChanges(facts, changed, { from: input.from, to: last }, () => ({ capacity: input.roomCount }));
  const applied = await deps.applyOperatorChanges(input.propertyId, {
    reason: input.reason,
    pools: [...pinned.map(({ priceMinor: _, ...p }) => p), ...after],
  });
  if (!applied.ok) return applied;
  await deps.db
    .update(roomTypes)
    .set({ roomCount: input.roomCount, updatedAt: Math.floor(deps.now() / 1000) })
    .where(eq(roomTypes.id, input.roomTypeId));
  await deps.bumpCities([facts.property.cityCode]);
  return ok({ nights: after.length });
};

/** A price and/or a minimum stay for a range of nights: an override, newest wins (docs/stays.md). */
export const setRates: Verb<
  NightRange & {
    propertyId: string;
    roomTypeId: string;
    priceMinor: number | null;
    minStay: number | null;
    reason: string;
  }
> = async ({ deps, input }) => {
  const loaded = await loadForChange(deps, input.propertyId, input.roomTypeId, input);
  if (!loaded.ok) return loaded;
  const { facts, touched } = loaded.value;
  const row = {
    id: deps.newId("ovr"),
    roomTypeId: input.roomTypeId,
    fromDate: input.from,
    toDate: input.to,
    priceMinor: input.priceMinor,
    minStay: input.minStay,
    reason: input.reason,
    // Newest wins by created_at, then id: a later second always wins over this one.
    createdAt: Math.floor(deps.now() / 1000),
  };
  const changes = poolChanges({ ...facts, overrides: [...facts.overrides, row] }, touched, input);
  const applied = await deps.applyOperatorChanges(input.propertyId, { reason: input.reason, pools: changes });
  if (!applied.ok) return applied;
  await deps.db.insert(roomRateOverrides).values(row);
  await deps.bumpCities([facts.property.cityCode]);
  return ok({ nights: changes.length });
};

/** Closes nights (`closed`) or their arrivals (`no_arrival`), of one room type or the whole property. */
export const closeDates: Verb<
  NightRange & { propertyId: string; roomTypeId: string | null; kind: ClosureKind; reason: string }
> = async ({ deps, input }) => {
  const loaded = await loadForChange(deps, input.propertyId, input.roomTypeId, input);
  if (!loaded.ok) return loaded;
  const { facts, touched } = loaded.value;
  const row = {
    id: deps.newId("cls"),
    propertyId: input.propertyId,
    roomTypeId: input.roomTypeId,
    kind: input.kind,
    fromDate: input.from,
    toDate: input.to,
    reason: input.reason,
    createdAt: Math.floor(deps.now() / 1000),
  };
  const changes = poolChanges({ ...facts, closures: [...facts.closures, row] }, touched, input);
  const applied = await deps.applyOperatorChanges(input.propertyId, { reason: input.reason, pools: changes });
  if (!applied.ok) return applied;
  await deps.db.insert(propertyClosures).values(row);
  await deps.bumpCities([facts.property.cityCode]);
  return ok({ nights: changes.length });
};

/**
 * Closes a property for good: its object cancels the unit (held rooms go back, sold stays are
 * listed as stranded), D1 says closed so search drops it, and the caller starts the bookings
 * engine's cancel-and-refund of every booking (EngineActions.cancelBookingsOfCancelledUnit).
 */
export async function closeProperty({
  deps,
  input,
}: {
  deps: StaysOperatorDeps;
  input: { propertyId: string; reason: string };
}): Promise<Result<{ cityCode: string; alreadyClosed: boolean }>> {
  const [property] = await deps.db
    .select({ status: properties.status, cityCode: properties.cityCode })
    .from(properties)
    .where(eq(properties.id, input.propertyId))
    .limit(1);
  if (!property) return err("PROPERTY_NOT_FOUND", `No property has the id '${input.propertyId}'.`);
  // Closing again is a retry: the object refused nothing the first time (D1 follows it), and the
  // caller starts the refunds again, which are idempotent per booking.
  if (property.status === "closed") return ok({ cityCode: property.cityCode, alreadyClosed: true });
  const applied = await deps.applyOperatorChanges(input.propertyId, { reason: input.reason, cancelUnit: true });
  if (!applied.ok) return applied;
  await deps.db
    .update(properties)
    .set({ status: "closed", updatedAt: Math.floor(deps.now() / 1000) })
    .where(eq(properties.id, input.propertyId));
  await deps.bumpCities([property.cityCode]);
  return ok({ cityCode: property.cityCode, alreadyClosed: false });
}
