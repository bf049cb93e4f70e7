import { decodeCursorPayload, encodeCursorPayload, queryFingerprintOf } from "../../../lib/cursor";
import type { SearchInput, SortOrder } from "./types";

/**
 * Keyset cursors: the sort key of the last offer served, bound to the query it came from.
 * Unlike offsets, a page boundary stays put when seats or prices move between requests, so
 * paging never repeats or skips an offer that is still there.
 */
export interface CursorPosition {
  sort: SortOrder;
  key: number;
  offerId: string;
}

interface CursorPayload {
  v: 1;
  q: string;
  s: SortOrder;
  k: number;
  o: string;
}

export function queryFingerprint(input: SearchInput): string {
  return queryFingerprintOf([
    input.origin,
    input.destination,
    input.date,
    input.passengers,
    input.cabin ?? "",
    [...(input.modes ?? [])].sort().join(","),
    input.sort,
    // Absent (direct, or connections where nothing direct fits) keeps the fingerprint cursors had before connections.
    ...(input.maxConnections === undefined ? [] : [`c${input.maxConnections}`]),
  ]);
}

export function encodeCursor(input: SearchInput, position: CursorPosition): string {
  const payload: CursorPayload = {
    v: 1,
    q: queryFingerprint(input),
    s: position.sort,
    k: position.key,
    o: position.offerId,
  };
  return encodeCursorPayload(payload);
}

/** Null when the cursor is malformed or was issued for a different query. */
export function decodeCursor(input: SearchInput, cursor: string): CursorPosition | null {
  const payload = decodeCursorPayload(cursor);
  if (!isPayload(payload) || payload.q !== queryFingerprint(input) || payload.s !== input.sort) return null;
  return { sort: payload.s, key: payload.k, offerId: payload.o };
}

function isPayload(p: unknown): p is CursorPayload {
  if (typeof p !== "object" || p === null) return false;
  const c = p as Record<string, unknown>;
  return (
    c.v === 1 && typeof c.q === "string" && typeof c.s === "string" && Number.isFinite(c.k) && typeof c.o === "string"
  );
}
