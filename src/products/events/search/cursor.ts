import { decodeCursorPayload, encodeCursorPayload, queryFingerprintOf } from "../../../lib/cursor";
import type { EventSort } from "./types";

/**
 * Keyset cursors: the sort key and id of the last event served, bound to the query they came
 * from. A boundary stays put when remaining counts move between pages, so paging never repeats
 * an event or skips one that is still there.
 */
export interface EventCursor {
  key: number;
  id: string;
}

interface Payload {
  v: 1;
  q: string;
  k: number;
  i: string;
}

/** What a cursor must agree with: the resolved query, not how it was spelled. */
export interface CursorScope {
  cityCode: string;
  from: string;
  to: string;
  categories: readonly string[];
  /** The MATCH expression, or "" without text. */
  match: string;
  sort: EventSort;
}

export function scopeFingerprint(scope: CursorScope): string {
  return queryFingerprintOf([
    scope.cityCode,
    scope.from,
    scope.to,
    [...scope.categories].sort().join(","),
    scope.match,
    scope.sort,
  ]);
}

export function encodeCursor(scope: CursorScope, position: EventCursor): string {
  const payload: Payload = { v: 1, q: scopeFingerprint(scope), k: position.key, i: position.id };
  return encodeCursorPayload(payload);
}

/** Null when the cursor is malformed or was issued for another search. */
export function decodeCursor(scope: CursorScope, cursor: string): EventCursor | null {
  const payload = decodeCursorPayload(cursor);
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (p.v !== 1 || p.q !== scopeFingerprint(scope) || typeof p.i !== "string") return null;
  if (typeof p.k !== "number" || !Number.isFinite(p.k)) return null;
  return { key: p.k, id: p.i };
}
