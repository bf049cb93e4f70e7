/**
 * The emails the local `send_email` binding accepted. Miniflare writes each message as an .eml
 * file and wrangler logs its path ("Email: /…/.wrangler/tmp/email/<session>/email/<id>.eml");
 * the session folder sits under the project's .wrangler/tmp whatever --persist-to says, and is
 * deleted when wrangler exits. We read the logged paths, and scan that folder in case the log
 * line changes shape.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { SmokeFailure } from "./client.ts";
import type { DevStack } from "./stack.ts";

const EMAIL_DIR = path.resolve(import.meta.dirname, "../../.wrangler/tmp/email");

export interface Email {
  file: string;
  to: string;
  subject: string;
  text: string;
  /** The text/calendar parts (.ics), decoded. */
  calendars: string[];
}

export interface EmailQuery {
  subjectStartsWith: string;
  contains: string;
  to: string;
}

/** Waits for an email matching `query`: paths wrangler logged from output line `from` on, plus a scan. */
export async function waitForEmail(stack: DevStack, query: EmailQuery, timeoutMs: number, from = 0): Promise<Email> {
  const deadline = Date.now() + timeoutMs;
  // Keyed by size and mtime too: miniflare writes the file in place, so a scan can catch it half written.
  const seen = new Map<string, Email | null>();
  for (;;) {
    for (const file of candidates(stack, from)) {
      const version = `${file}:${signature(file)}`;
      if (seen.has(version)) continue;
      const email = readEmail(file);
      seen.set(version, email);
      if (email && matches(email, query)) return email;
    }
    if (Date.now() > deadline) {
      const found = [...new Map([...seen.values()].filter((e) => e !== null).map((e) => [e.file, e])).values()];
      const list = found.map((e) => `${e.subject} → ${e.to} (${e.file})`).join("\n") || "(no .eml files at all)";
      throw new SmokeFailure(
        `no email "${query.subjectStartsWith}…" containing ${query.contains} within ${timeoutMs / 1000} s`,
        `emails seen:\n${list}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every email written so far that contains `text` (each file once). */
export function emailsContaining(stack: DevStack, text: string): Email[] {
  return [...new Set(candidates(stack, 0))]
    .map(readEmail)
    .filter((email): email is Email => email?.text.includes(text) === true);
}

function signature(file: string): string {
  try {
    const { size, mtimeMs } = statSync(file);
    return `${size}:${mtimeMs}`;
  } catch {
    return "missing";
  }
}

function matches(email: Email, query: EmailQuery): boolean {
  return (
    email.subject.startsWith(query.subjectStartsWith) && email.text.includes(query.contains) && email.to === query.to
  );
}

function candidates(stack: DevStack, from: number): string[] {
  const logged = stack.lines
    .slice(from)
    .map((line) => /^\s*Email: (.+\.eml)\s*$/.exec(line)?.[1])
    .filter((file): file is string => file !== undefined);
  return [...logged, ...walk(EMAIL_DIR)];
}

/** Every .eml the local binding wrote while this `wrangler dev` runs, newest first. */
export function localEmails(): Email[] {
  return walk(EMAIL_DIR)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
    .map(readEmail)
    .filter((email): email is Email => email !== null);
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".eml"))
    .map((name) => path.join(dir, name));
}

/** Null while the file is missing or half written (we look again on the next round). */
function readEmail(file: string): Email | null {
  let raw: string;
  try {
    raw = readFileSync(file, "latin1");
  } catch {
    return null;
  }
  const { headers, body } = splitMessage(raw);
  if (!boundaryOf(headers)) return null;
  const text = textParts(headers, body, "text/plain").join("\n");
  const calendars = textParts(headers, body, "text/calendar");
  return { file, to: headers.get("to") ?? "", subject: decodeWords(headers.get("subject") ?? ""), text, calendars };
}

const boundaryOf = (headers: Map<string, string>) =>
  /boundary="?([^";]+)"?/i.exec(headers.get("content-type") ?? "")?.[1];

/** The parts of one text type, however deep: a confirmation is multipart/mixed (alternative + calendars + images). */
function textParts(headers: Map<string, string>, body: string, wanted: string): string[] {
  const type = headers.get("content-type") ?? "";
  if (type.startsWith(wanted)) return [decodeBody(body, headers.get("content-transfer-encoding"))];
  const boundary = boundaryOf(headers);
  if (!type.startsWith("multipart/") || !boundary) return [];
  return body
    .split(`--${boundary}`)
    .map(splitMessage)
    .flatMap((part) => textParts(part.headers, part.body, wanted));
}

/** One leaf part of a message: its headers (names lower-cased) and its decoded bytes. */
export interface EmailPart {
  headers: Map<string, string>;
  bytes: Buffer;
}

/**
 * Every leaf part of an .eml, however deep (text, HTML, calendar files, inline images), decoded
 * from base64 where the part says so: what a check of an email's attachments reads.
 */
export function emailParts(file: string): EmailPart[] {
  const { headers, body } = splitMessage(readFileSync(file, "latin1"));
  return leafParts(headers, body);
}

function leafParts(headers: Map<string, string>, body: string): EmailPart[] {
  const boundary = boundaryOf(headers);
  if ((headers.get("content-type") ?? "").startsWith("multipart/") && boundary) {
    // The preamble before the first boundary and the epilogue after the last are no parts.
    const [, ...parts] = body.split(`--${boundary}`);
    return parts
      .filter((part) => !part.startsWith("--"))
      .map(splitMessage)
      .flatMap((part) => leafParts(part.headers, part.body));
  }
  const base64 = headers.get("content-transfer-encoding")?.toLowerCase() === "base64";
  return [{ headers, bytes: base64 ? Buffer.from(body.replace(/\s+/g, ""), "base64") : Buffer.from(body, "latin1") }];
}

function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const trimmed = raw.replace(/^\r?\n/, "");
  const end = trimmed.search(/\r?\n\r?\n/);
  const head = end < 0 ? trimmed : trimmed.slice(0, end);
  const body = end < 0 ? "" : trimmed.slice(end).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  // Folded header lines continue with whitespace.
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return Buffer.from(body, "latin1").toString("utf8");
}

/** RFC 2047 encoded words (B and Q), as our MIME writer emits for non-ASCII subjects. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : Buffer.from(
            data
              .replace(/_/g, " ")
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    );
}
