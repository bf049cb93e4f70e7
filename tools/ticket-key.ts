/**
 * `npm run ticket-key -- [--kid <id>]`: makes an Ed25519 key for signing event tickets.
 *
 * Prints the private JWK (the value of the TICKET_SIGNING_KEY secret:
 * `npx wrangler secret put TICKET_SIGNING_KEY`, then paste it) and its public half (what goes
 * into TICKET_VERIFY_KEYS when this key is retired). Nothing is written to disk.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { kid: { type: "string" } } });
const kid = values.kid ?? `${new Date().toISOString().slice(0, 10)}-${randomBytes(2).toString("hex")}`;
if (!/^[A-Za-z0-9._:-]{1,64}$/.test(kid)) {
  console.error("--kid: 1 to 64 letters, digits or . _ : -");
  process.exit(2);
}
const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
const publicJwk = { kty: "OKP", crv: "Ed25519", x: jwk.x, kid };
console.log("TICKET_SIGNING_KEY (secret):");
console.log(JSON.stringify({ ...publicJwk, d: jwk.d }));
console.log("\nPublic key (for TICKET_VERIFY_KEYS once this key is retired):");
console.log(JSON.stringify(publicJwk));
