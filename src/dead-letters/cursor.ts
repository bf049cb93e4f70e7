import { base64UrlFromText, textFromBase64Url } from "../lib/encoding";

/** Keyset cursor over (created_at, id) descending: stable while new dead letters keep arriving. */
export interface DeadLetterCursor {
  createdAt: number;
  id: string;
}

export function encodeDeadLetterCursor(c: DeadLetterCursor): string {
  return base64UrlFromText(JSON.stringify([c.createdAt, c.id]));
}

/** Null when the cursor was not issued by encodeDeadLetterCursor. */
export function decodeDeadLetterCursor(cursor: string): DeadLetterCursor | null {
  const json = textFromBase64Url(cursor);
  if (json === null) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [createdAt, id] = parsed;
    if (!Number.isSafeInteger(createdAt) || typeof id !== "string" || !id.startsWith("dlt_")) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}
