/**
 * `npm run verify-ticket -- <code> [--keys <url|file>]`: checks a ticket code offline, the way a
 * door app does (src/products/events/tickets/code.ts), and prints what it says.
 *
 *   --keys  a JWKS file, or a URL serving one; default the local API's
 *           http://127.0.0.1:8787/v1/events/ticket-keys. Fetch it once, keep the file, and
 *           verification needs no network at all.
 *
 * Exit status: 0 valid, 1 refused (malformed, unknown key, bad signature), 2 usage or key-set
 * problems. Whether the ticket was voided or already used only the server knows (check-in).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type TicketJwks, verifyTicketCode } from "../src/products/events/tickets/code.ts";

const DEFAULT_KEYS = "http://127.0.0.1:8787/v1/events/ticket-keys";

async function loadKeys(source: string): Promise<TicketJwks> {
  const text = /^https?:\/\//.test(source)
    ? await fetch(source).then(async (res) => {
        if (!res.ok) throw new Error(`${source} answered ${res.status}`);
        return res.text();
      })
    : await readFile(source, "utf8");
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== "object" || !Array.isArray((parsed as { keys?: unknown }).keys)) {
    throw new Error(`${source} is not a key set ({"keys": [...]})`);
  }
  return parsed as TicketJwks;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { keys: { type: "string", default: DEFAULT_KEYS } },
  });
  const [code] = positionals;
  if (!code || positionals.length > 1) {
    console.error("usage: npm run verify-ticket -- <code> [--keys <url|file>]");
    return 2;
  }
  let jwks: TicketJwks;
  try {
    jwks = await loadKeys(values.keys);
  } catch (error) {
    console.error(`[verify-ticket] cannot read the key set: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const result = await verifyTicketCode(code, jwks);
  if (!result.ok) {
    console.log(`REFUSED: ${result.reason}`);
    return 1;
  }
  const c = result.claims;
  console.log(`VALID (key ${c.kid})`);
  console.log(`  ticket     ${c.ticketId}`);
  console.log(`  event      ${c.eventId}, tier ${c.tierId}`);
  console.log(`  booking    ${c.bookingReference}, holder ${c.holderInitials || "-"}`);
  console.log(`  issued at  ${new Date(c.issuedAt * 1000).toISOString()}`);
  return 0;
}

process.exitCode = await main();
