/**
 * Calendar entries (RFC 5545) for confirmation and cancellation emails: one VCALENDAR with a
 * VEVENT per booked item. Times are written in UTC (`…Z`): a TZID would oblige us to ship a
 * VTIMEZONE with the rules of that zone, and every calendar shows a UTC time in the reader's own
 * zone anyway. Runtime-free: no Worker API, no I/O.
 *
 * A cancellation is the same UID with a higher SEQUENCE and STATUS:CANCELLED, sent with
 * `method: "CANCEL"` (RFC 5546): calendars that imported the entry then remove it. Callers keep
 * the UID stable per booked item and bump the sequence on every change they send.
 */
import { utf8 } from "../lib/encoding";

export interface CalendarEntry {
  /** Stable per booked item (e.g. `itm_…@edgefare.example`): a later message about it replaces it. */
  uid: string;
  summary: string;
  /** Epoch ms. */
  start: number;
  /** Epoch ms, not before `start`; equal to `start` writes no DTEND (an instant). */
  end: number;
  location?: string;
  description?: string;
  url?: string;
  /** Revision of this entry; a receiver keeps the highest. Default 0. */
  sequence?: number;
  status?: "CONFIRMED" | "TENTATIVE" | "CANCELLED";
}

export type CalendarMethod = "PUBLISH" | "CANCEL";

export interface CalendarOptions {
  /** `-//Company//Product//EN`, RFC 5545 §3.7.3. */
  prodId: string;
  /** Epoch ms: DTSTAMP, when this calendar object was written. */
  now: number;
  method?: CalendarMethod;
  /** RFC 5546 wants an ORGANIZER on CANCEL (and on REQUEST); written when given. */
  organizer?: { email: string; name?: string };
}

const CRLF = "\r\n";
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;

export function renderCalendar(entries: CalendarEntry[], opts: CalendarOptions): string {
  const method = opts.method ?? "PUBLISH";
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${text(opts.prodId)}`,
    "CALSCALE:GREGORIAN",
    `METHOD:${method}`,
    ...entries.flatMap((entry) => event(entry, opts, method)),
    "END:VCALENDAR",
  ];
  return lines.map(fold).join(CRLF) + CRLF;
}

/** The Content-Type of a calendar attachment: iTIP wants the method repeated as a parameter. */
export function calendarContentType(method: CalendarMethod = "PUBLISH"): string {
  return `text/calendar; charset=utf-8; method=${method}`;
}

function event(entry: CalendarEntry, opts: CalendarOptions, method: CalendarMethod): string[] {
  if (!Number.isFinite(entry.start) || !Number.isFinite(entry.end) || entry.end < entry.start) {
    throw new RangeError(`calendar entry ${entry.uid}: end must be a time at or after start`);
  }
  const status = entry.status ?? (method === "CANCEL" ? "CANCELLED" : "CONFIRMED");
  const lines = [
    "BEGIN:VEVENT",
    `UID:${text(entry.uid)}`,
    `DTSTAMP:${utcDateTime(opts.now)}`,
    `DTSTART:${utcDateTime(entry.start)}`,
  ];
  if (entry.end > entry.start) lines.push(`DTEND:${utcDateTime(entry.end)}`);
  lines.push(`SEQUENCE:${Math.max(0, Math.trunc(entry.sequence ?? 0))}`, `STATUS:${status}`);
  lines.push(`SUMMARY:${text(entry.summary)}`);
  if (entry.location) lines.push(`LOCATION:${text(entry.location)}`);
  if (entry.description) lines.push(`DESCRIPTION:${text(entry.description)}`);
  if (entry.url) lines.push(`URL:${uri(entry.url)}`);
  if (opts.organizer) lines.push(organizer(opts.organizer));
  lines.push("END:VEVENT");
  return lines;
}

function organizer({ email, name }: { email: string; name?: string }): string {
  // A parameter value cannot hold DQUOTE or control characters at all (§3.2): they are dropped.
  const cn = name ? `;CN="${name.replace(/[\p{Cc}"]/gu, "")}"` : "";
  return `ORGANIZER${cn}:mailto:${uri(email)}`;
}

/** `YYYYMMDDTHHMMSSZ` (§3.3.5, form #2: UTC). Sub-second precision is not representable. */
export function utcDateTime(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/**
 * TEXT values (§3.3.11): backslash, semicolon and comma are escaped, a line break becomes `\n`;
 * other control characters are not allowed in TEXT and are dropped.
 */
export function text(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\\;,]/g, (ch) => `\\${ch}`)
    .replace(/\n/g, "\\n")
    .replace(/[\p{Cc}]/gu, (ch) => (ch === "\t" ? ch : ""));
}

/** URI values are not escaped (§3.3.13); a control character or space is never part of one. */
function uri(value: string): string {
  return value.replace(/[\p{Cc}\s]/gu, "");
}

/**
 * Folds a content line at 75 octets (§3.1): each continuation starts with one space, which
 * counts toward its 75. A UTF-8 sequence is never split, so every physical line stays valid UTF-8.
 */
export function fold(line: string): string {
  if (utf8(line).length <= MAX_LINE_OCTETS) return line;
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = utf8(ch).length;
    const limit = out.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}
