/**
 * A minimal RFC 5322 / MIME writer for one shape of message: multipart/alternative with a
 * text and an HTML part. Bodies are base64 so any character and any line length is safe;
 * header values are stripped of CR/LF (no header injection) and RFC 2047-encoded when not ASCII.
 */

import { toBase64, utf8 } from "../lib/encoding";
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
}

const CRLF = "\r\n";

export function buildMimeMessage(m: MimeInput): string {
  const boundary = `edgefare-${m.messageId.replace(/[^A-Za-z0-9]/g, "")}`;
  const headers: [string, string][] = [
    ["From", m.from],
    ["To", m.to],
    ["Subject", encodeHeaderValue(m.subject)],
    ["Date", m.date.toUTCString()],
    ["Message-ID", `<${m.messageId}>`],
    ...Object.entries(m.headers ?? {}),
    ["MIME-Version", "1.0"],
    ["Content-Type", `multipart/alternative; boundary="${boundary}"`],
  ];
  return [
    ...headers.map(([name, value]) => `${name}: ${singleLine(value)}`),
    "",
    `--${boundary}`,
    ...part("text/plain", m.text),
    `--${boundary}`,
    ...part("text/html", m.html),
    `--${boundary}--`,
    "",
  ].join(CRLF);
}

function part(type: string, body: string): string[] {
  return [
    `Content-Type: ${type}; charset=utf-8`,
    "Content-Transfer-Encoding: base64",
    "",
    ...wrap(base64Utf8(body), 76),
  ];
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
