/**
 * Who a request is, for budgets: resolved once per request (request-context middleware).
 *
 * Only a key that we verified defines a budget of its own. A key anyone can invent is no
 * identity: a fresh `X-Api-Key` per request would be a fresh budget per request. Nothing
 * verified partner key (src/accounts/api-keys.ts, from `X-Api-Key` or `Authorization: Bearer
 * efk_…`) is budgeted on its own, with the budget stored on the key when it has one; everyone
 * else by network: the IPv4 address, or the /64 of an IPv6 address (one subscriber line gets a
 * whole /64 and can rotate through it at will). A key that does not verify buys nothing: the
 * request context refuses it (401) before any route runs.
 */
export type Caller =
  | { kind: "ip"; ip: string }
  | { kind: "key"; keyId: string; requestsPerMinute: number | null; ip: string };

/** Answers the verified key's id and budget, or null. */
export type ApiKeyVerifier = (apiKey: string) => Promise<{ keyId: string; requestsPerMinute: number | null } | null>;

export const noApiKeys: ApiKeyVerifier = async () => null;

/** The partner key a request presents, if any: `X-Api-Key`, or a bearer token shaped like a key. */
export function presentedApiKey(headers: Headers): string | null {
  const header = headers.get("x-api-key");
  if (header) return header.trim();
  const bearer = /^Bearer\s+(efk_\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1];
  return bearer ?? null;
}

export async function resolveCaller(headers: Headers, verify: ApiKeyVerifier = noApiKeys): Promise<Caller> {
  const ip = clientNetwork(headers.get("cf-connecting-ip"));
  const apiKey = presentedApiKey(headers);
  const verified = apiKey ? await verify(apiKey) : null;
  if (verified) return { kind: "key", ...verified, ip };
  return { kind: "ip", ip };
}

/** The part of a Redis key (and a log field) that names the caller's budget. */
export function budgetId(caller: Caller): string {
  return caller.kind === "key" ? `key:${caller.keyId}` : `ip:${caller.ip}`;
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEXTET = /^[0-9a-f]{1,4}$/i;

/**
 * What a budget is keyed on: an IPv4 address as is; an IPv6 address as its /64
 * (`2001:db8:1:2::/64`); an IPv4-mapped IPv6 address as the IPv4 address. Cloudflare always
 * sets CF-Connecting-IP; anything missing or unparsable is "unknown", one shared budget, so a
 * garbled header never buys a budget of its own.
 */
export function clientNetwork(header: string | null): string {
  const ip = header?.trim() ?? "";
  if (IPV4.test(ip)) return ip;
  const groups = ipv6Groups(ip);
  if (!groups) return "unknown";
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6] ?? 0, groups[7] ?? 0].flatMap((g) => [g >> 8, g & 0xff]).join(".");
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a trailing dotted IPv4), or null. */
function ipv6Groups(ip: string): number[] | null {
  if (ip.length > 45 || !ip.includes(":")) return null;
  let text = ip;
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (dotted) {
    const [, head = "", v4 = ""] = dotted;
    if (!IPV4.test(v4)) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4.split(".").map(Number);
    text = `${head}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const part = (s: string | undefined) => (s ? s.split(":") : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  if (![...head, ...tail].every((g) => HEXTET.test(g))) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const zeros = halves.length === 2 ? Array<string>(missing).fill("0") : [];
  return [...head, ...zeros, ...tail].map((g) => Number.parseInt(g, 16));
}
