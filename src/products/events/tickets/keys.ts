import { z } from "zod";
import { err, ok, type Result } from "../../../lib/result";
import type { TicketJwks, TicketPublicJwk } from "./code";

/**
 * Ticket keys come from two settings:
 * - `TICKET_SIGNING_KEY` (secret): the Ed25519 private key new tickets are signed with, as a JWK
 *   with its `kid` (`npm run ticket-key` makes one). A JWK rather than PKCS8 because the key id,
 *   which every code names, travels with the key.
 * - `TICKET_VERIFY_KEYS` (var or secret, public): `{"keys":[…]}` of retired public keys whose
 *   tickets are still accepted. Rotation: move the current public key here, put a new signing key.
 *
 * The published development key (.dev.vars.example, kid dev-2026) signs only where ENVIRONMENT is
 * development or test: anywhere else signing is refused and the key is not served, so tickets
 * nobody can trust are never issued.
 */
export interface TicketKeyEnv {
  ENVIRONMENT?: string;
  TICKET_SIGNING_KEY?: string;
  TICKET_VERIFY_KEYS?: string;
}

export interface TicketSigner {
  kid: string;
  key: CryptoKey;
}

/** The public half of the development key in .dev.vars.example. */
export const DEV_TICKET_KEY_X = "oe3rGvxVS18PhjnJV8VGI8blmyscto4E6Efz0FEXUWc";
const DEV_ENVIRONMENTS = new Set(["development", "test"]);

const Base64UrlKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const Kid = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/);
const PublicJwk = z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: Base64UrlKey, kid: Kid });
const PrivateJwk = PublicJwk.extend({ d: Base64UrlKey });
const Jwks = z.object({ keys: z.array(PublicJwk) });

let imported: { source: string; signer: Promise<CryptoKey> } | undefined;

export async function ticketSigner(env: TicketKeyEnv): Promise<Result<TicketSigner>> {
  const jwk = signingJwk(env);
  if (!jwk) return err("TICKETS_UNAVAILABLE", "No ticket signing key is configured (TICKET_SIGNING_KEY).");
  if (jwk.x === DEV_TICKET_KEY_X && !DEV_ENVIRONMENTS.has(env.ENVIRONMENT ?? "")) {
    return err("TICKETS_UNAVAILABLE", "The development ticket key signs nothing outside development; set a real key.");
  }
  // One import per isolate and key: importKey is cheap, but a confirmation burst signs many tickets.
  const source = env.TICKET_SIGNING_KEY ?? "";
  if (imported?.source !== source) {
    imported = {
      source,
      signer: crypto.subtle.importKey("jwk", { ...jwk, key_ops: ["sign"] }, "Ed25519", false, ["sign"]),
    };
  }
  try {
    return ok({ kid: jwk.kid, key: await imported.signer });
  } catch {
    imported = undefined;
    return err("TICKETS_UNAVAILABLE", "TICKET_SIGNING_KEY is not a usable Ed25519 private key (d and x disagree?).");
  }
}

/** Every public key a ticket may be signed with: the current one first, then the retired ones. */
export function ticketJwks(env: TicketKeyEnv): TicketJwks {
  const current = signingJwk(env);
  const keys: TicketPublicJwk[] = current ? [publicJwk(current)] : [];
  const retired = parseJson(env.TICKET_VERIFY_KEYS, Jwks);
  for (const key of retired?.keys ?? []) if (!keys.some((k) => k.kid === key.kid)) keys.push(publicJwk(key));
  const trusted = DEV_ENVIRONMENTS.has(env.ENVIRONMENT ?? "") ? keys : keys.filter((k) => k.x !== DEV_TICKET_KEY_X);
  return { keys: trusted };
}

function signingJwk(env: TicketKeyEnv) {
  return parseJson(env.TICKET_SIGNING_KEY, PrivateJwk);
}

function publicJwk(key: z.infer<typeof PublicJwk>): TicketPublicJwk {
  return { kty: "OKP", crv: "Ed25519", x: key.x, kid: key.kid, alg: "EdDSA", use: "sig" };
}

/** A malformed setting is treated as absent: the routes then say tickets are unavailable. */
function parseJson<T>(text: string | undefined, schema: z.ZodType<T>): T | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
