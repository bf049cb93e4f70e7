/**
 * A minimal RFC 5322 / MIME writer for the shapes of message edgefare sends:
 *
 *   multipart/alternative                      text + HTML (no attachments)
 *   multipart/mixed                            with attachments: the alternative part first,
 *   ├─ multipart/alternative                   then each file
 *   │  ├─ text/plain
 *   │  └─ multipart/related                    only when an image is shown inline (cid:…)
 *   │     ├─ text/html
 *   │     └─ image/png (inline, Content-ID)
 *   └─ text/calendar (attachment)
 *
 * Bodies are base64 so any character, byte and line length is safe; header values are stripped
 * of CR/LF (no header injection) and RFC 2047-encoded when not ASCII; filenames are sanitised
 * and sent both as an ASCII fallback and RFC 2231-encoded.
 */

import { toBase64, utf8 } from "../lib/encoding";
import type { EmailAttachment } from "./types";

export type MimeAttachment = EmailAttachment;

export interface MimeInput {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Without angle brackets, e.g. `eml_abc@edgefare.example`. */
  messageId: string;
  date: Date;
  headers?: Record<string, string>;
  attachments?: MimeAttachment[];
}

interface Entity {
  headers: string[];
  body: string[];
}

const CRLF = "\r\n";
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const TOKEN = "[A-Za-z0-9!#$&^_.+-]+";
const CONTENT_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"[^"\\\\\\p{Cc}]*"))*$`, "u");
/** Bytes of a filename once sanitised: keeps the RFC 2231 header line far below 998 characters. */
const MAX_FILENAME_BYTES = 120;

export function buildMimeMessage(m: MimeInput): string {
  // Boundaries differ in their first characters, so no delimiter line is a prefix of another's.
  const base = `edgefare-${m.messageId.replace(/[^A-Za-z0-9]/g, "")}`.slice(0, 60);
  const attachments = m.attachments ?? [];
  const inline = attachments.filter((a) => a.disposition === "inline" && cleanContentId(a.contentId));
  const files = attachments.filter((a) => !inline.includes(a));

  const html = textPart("text/html", m.html);
  const htmlOrRelated = inline.length
    ? multipart("related", `rel-${base}`, [html, ...inline.map(attachmentPart)])
    : html;
  const alternative = multipart("alternative", base, [textPart("text/plain", m.text), htmlOrRelated]);
  const root = files.length
    ? multipart("mixed", `mix-${base}`, [alternative, ...files.map(attachmentPart)])
    : alternative;

  const headers: [string, string][] = [
    ["From", m.from],
    ["To", m.to],
    ["Subject", encodeHeaderValue(m.subject)],
    ["Date", m.date.toUTCString()],
    ["Message-ID", `<${m.messageId}>`],
    ...Object.entries(m.headers ?? {}).filter(([name]) => HEADER_NAME.test(name)),
    ["MIME-Version", "1.0"],
  ];
  return [
    ...headers.map(([name, value]) => `${name}: ${singleLine(value)}`),
    ...root.headers,
    "",
    ...root.body,
    "",
  ].join(CRLF);
}

function multipart(subtype: string, boundary: string, parts: Entity[]): Entity {
  return {
    headers: [`Content-Type: multipart/${subtype}; boundary="${boundary}"`],
    body: [...parts.flatMap((p) => [`--${boundary}`, ...p.headers, "", ...p.body]), `--${boundary}--`],
  };
}

function textPart(type: string, body: string): Entity {
  return {
    headers: [`Content-Type: ${type}; charset=utf-8`, "Content-Transfer-Encoding: base64"],
    body: wrap(base64Utf8(body), 76),
  };
}

function attachmentPart(a: MimeAttachment): Entity {
  const bytes = typeof a.content === "string" ? utf8(a.content) : a.content;
  const name = sanitiseFilename(a.filename);
  const fallback = asciiFilename(name);
  let type = CONTENT_TYPE.test(singleLine(a.contentType)) ? singleLine(a.contentType) : "application/octet-stream";
  if (typeof a.content === "string" && /^text\//i.test(type) && !/;\s*charset=/i.test(type)) type += "; charset=utf-8";
  const disposition = [`Content-Disposition: ${a.disposition ?? "attachment"};`, ` filename="${fallback}"`];
  if (fallback !== name) {
    disposition[disposition.length - 1] += ";";
    disposition.push(` filename*=UTF-8''${percentEncode(name)}`);
  }
  const contentId = cleanContentId(a.contentId);
  return {
    headers: [
      `Content-Type: ${type};`,
      ` name="${fallback}"`,
      ...disposition,
      "Content-Transfer-Encoding: base64",
      ...(contentId ? [`Content-ID: <${contentId}>`] : []),
    ],
    body: wrap(toBase64(bytes), 76),
  };
}

/** Control characters and path separators removed, at most MAX_FILENAME_BYTES keeping the extension. */
export function sanitiseFilename(filename: string): string {
  const flat = filename
    .replace(/[\p{Cc}\p{Cf}]/gu, "")
    .replace(/[/\\]/g, "_")
    .trim()
    .replace(/^\.+/, "");
  if (!flat) return "attachment";
  if (utf8(flat).length <= MAX_FILENAME_BYTES) return flat;
  const dot = flat.lastIndexOf(".");
  const ext = dot > 0 && flat.length - dot <= 10 ? flat.slice(dot) : "";
  let stem = "";
  for (const ch of flat.slice(0, flat.length - ext.length)) {
    if (utf8(stem + ch + ext).length > MAX_FILENAME_BYTES) break;
    stem += ch;
  }
  return stem + ext;
}

/** For clients that ignore RFC 2231: accents dropped, anything else outside a safe set as `_`. */
function asciiFilename(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9 ._()+-]/g, "_");
}

/** RFC 2231 / RFC 5987 `attr-char`s stay; every other byte is %XX. */
function percentEncode(value: string): string {
  let out = "";
  for (const byte of utf8(value)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9!#$&+\-.^_`|~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function cleanContentId(contentId: string | undefined): string {
  return (contentId ?? "").replace(/[^A-Za-z0-9.@_-]/g, "");
}

function singleLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ");
}

/**
 * RFC 2047 caps an encoded word at 75 characters, and a word must not split a UTF-8 sequence:
 * encode whole code points, at most 45 bytes (60 base64 characters) per word.
 */
export function encodeHeaderValue(value: string): string {
  const flat = singleLine(value);
  if (/^[\x20-\x7e]*$/.test(flat)) return flat;
  const words: string[] = [];
  let chunk = "";
  for (const ch of flat) {
    if (utf8Length(chunk + ch) > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${base64Utf8(w)}?=`).join(" ");
}

const utf8Length = (value: string) => utf8(value).length;

export function base64Utf8(value: string): string {
  return toBase64(utf8(value));
}

function wrap(value: string, width: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < value.length; i += width) lines.push(value.slice(i, i + width));
  return lines;
}
