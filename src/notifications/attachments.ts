import { z } from "zod";
import { fromBase64Url, toBase64Url, utf8 } from "../lib/encoding";
import type { EmailAttachment } from "./types";

/**
 * How an outbox row keeps its attachments: one JSON column (`email_outbox.attachments`), bytes
 * as base64url, so a retry days later sends exactly what was rendered when the booking changed.
 * D1 caps a row at 2 MB; attachments are capped well below that (a calendar entry is ~1 KB, a
 * QR PNG a few KB).
 */
export const MAX_ATTACHMENT_BYTES = 512 * 1024;

const StoredAttachment = z.object({
  filename: z.string(),
  contentType: z.string(),
  disposition: z.enum(["attachment", "inline"]).optional(),
  contentId: z.string().optional(),
  content: z.string(),
});
const StoredAttachments = z.array(StoredAttachment);

/** Null for none (the column stays NULL for every email without attachments). */
export function storeAttachments(attachments: EmailAttachment[] | undefined): string | null {
  if (!attachments?.length) return null;
  let total = 0;
  const stored = attachments.map((a) => {
    const bytes = typeof a.content === "string" ? utf8(a.content) : a.content;
    total += bytes.length;
    return {
      filename: a.filename,
      contentType: a.contentType,
      ...(a.disposition ? { disposition: a.disposition } : {}),
      ...(a.contentId ? { contentId: a.contentId } : {}),
      content: toBase64Url(bytes),
    };
  });
  // A renderer bug, not a traveller's input: fail loudly rather than write a row D1 refuses.
  if (total > MAX_ATTACHMENT_BYTES)
    throw new RangeError(`attachments of ${total} bytes exceed ${MAX_ATTACHMENT_BYTES}`);
  return JSON.stringify(stored);
}

/** The stored column back as attachments (bytes); a row written by this code always parses. */
export function loadAttachments(column: string | null): EmailAttachment[] {
  if (!column) return [];
  return StoredAttachments.parse(JSON.parse(column)).map(({ content, ...rest }) => {
    const bytes = fromBase64Url(content);
    if (!bytes) throw new Error(`attachment ${rest.filename}: stored content is not base64url`);
    return { ...rest, content: bytes };
  });
}
