import type { ShortLine } from "../../../inventory/contract";
import { rooms } from "../words";

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * INSUFFICIENT_ROOMS in a traveller's words: the room type's name and the nights that are short,
 * never the pool's id (`rt_…@night`, which stays in `extra.lines` for clients). A stay's lines
 * are nights of one room type (checkStayHold), so the first line names it.
 */
export function staysShortageDetail(short: readonly ShortLine[]): string {
  const first = short[0];
  if (!first) return "Not enough rooms left.";
  const name = text(first.pool.attrs.roomTypeName) || first.pool.label;
  if (short.length === 1) {
    return `Only ${rooms(first.left)} of ${name} left on the night of ${text(first.pool.attrs.night)}.`;
  }
  const nights = short.map((s) => text(s.pool.attrs.night)).join(", ");
  return `Not enough rooms of ${name} left on the nights of ${nights}.`;
}
