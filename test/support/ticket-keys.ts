/** A fresh Ed25519 ticket key as the TICKET_SIGNING_KEY secret holds it (a private JWK with its kid). */
export async function generateTicketKey(kid: string): Promise<{ secret: string; publicJwk: PublicJwk }> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const publicJwk = { kty: "OKP", crv: "Ed25519", x: String(jwk.x), kid } as const;
  return { secret: JSON.stringify({ ...publicJwk, d: jwk.d }), publicJwk };
}

export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
}
