import { sha256, toBase64Url } from "../lib/encoding";

/** A weak validator over the parts of a representation that matter to a client. */
export async function weakEtag(content: unknown): Promise<string> {
  const digest = await sha256(JSON.stringify(content));
  return `W/"${toBase64Url(digest.subarray(0, 12))}"`;
}

/** RFC 9110 If-None-Match with weak comparison. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => opaque(tag) === opaque(etag));
}
