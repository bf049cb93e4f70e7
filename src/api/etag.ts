import { sha256, toBase64Url } from "../lib/encoding";

/**
 * A weak validator over the text of a representation (the parts that matter to a client, already
 * serialised: serialising a serialised page again would escape every quote of it).
 */
export async function weakEtag(text: string): Promise<string> {
  const digest = await sha256(text);
  return `W/"${toBase64Url(digest.subarray(0, 12))}"`;
}

/** The validator of a search page: its serialised items, total and next cursor (every product's search). */
export function pageEtag(json: string, total: number, nextCursor: string | null): Promise<string> {
  return weakEtag(`${total}|${nextCursor ?? ""}|${json}`);
}

/** RFC 9110 If-None-Match with weak comparison. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => opaque(tag) === opaque(etag));
}
