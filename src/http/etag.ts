/** A weak validator over the parts of a representation that matter to a client. */
export async function weakEtag(content: unknown): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(content)));
  const bytes = new Uint8Array(digest).slice(0, 12);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return `W/"${btoa(bin).replaceAll("+", "-").replaceAll("/", "_")}"`;
}

/** RFC 9110 If-None-Match with weak comparison. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => opaque(tag) === opaque(etag));
}
