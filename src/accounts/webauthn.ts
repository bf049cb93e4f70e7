/**
 * WebAuthn verification: @oslojs/webauthn parses (client data, authenticator data, attestation
 * object, COSE keys); WebCrypto checks signatures. Attestation "none" only (what we ask for): no
 * certificate chains, so no ASN.1/X.509 code in the bundle (@simplewebauthn/server would add
 * ~137 KB gzipped for exactly that). ES256 and RS256 keys, stored as JWK JSON.
 */
import { decodePKIXECDSASignature } from "@oslojs/crypto/ecdsa";
import {
  AttestationStatementFormat,
  ClientDataType,
  COSEKeyType,
  coseAlgorithmES256,
  coseAlgorithmRS256,
  createAssertionSignatureMessage,
  parseAttestationObject,
  parseAuthenticatorData,
  parseClientDataJSON,
} from "@oslojs/webauthn";
import { fromBase64Url, toBase64Url } from "../lib/encoding";

/** The relying party: this deployment's origin and its host as RP ID. */
export interface RelyingParty {
  origin: string;
  rpId: string;
}

export const SUPPORTED_ALGORITHMS = [coseAlgorithmES256, coseAlgorithmRS256] as const;

export interface NewCredential {
  id: string;
  publicKey: string;
  counter: number;
}

function bytes(value: string): Uint8Array {
  const decoded = fromBase64Url(value);
  if (!decoded) throw new Error("not base64url");
  return decoded;
}

function bigintBytes(n: bigint, length = 0): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const out = new Uint8Array(Math.max(length, hex.length / 2));
  const offset = out.length - hex.length / 2;
  for (let i = 0; i < hex.length / 2; i++) out[offset + i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Our origin, not cross-origin, the right ceremony, and the challenge we issued. */
function clientDataMatches(rp: RelyingParty, raw: Uint8Array, type: ClientDataType, challenge: string): boolean {
  const data = parseClientDataJSON(raw);
  return (
    data.type === type &&
    data.origin === rp.origin &&
    data.crossOrigin !== true &&
    toBase64Url(data.challenge) === challenge
  );
}

/** A registration response, verified; null for anything we do not accept. Throws only on malformed input. */
export function verifyRegistration(
  rp: RelyingParty,
  response: { clientDataJSON: string; attestationObject: string },
  challenge: string,
): NewCredential | null {
  if (!clientDataMatches(rp, bytes(response.clientDataJSON), ClientDataType.Create, challenge)) return null;
  const { attestationStatement, authenticatorData } = parseAttestationObject(bytes(response.attestationObject));
  if (attestationStatement.format !== AttestationStatementFormat.None) return null;
  const credential = authenticatorData.credential;
  if (!authenticatorData.verifyRelyingPartyIdHash(rp.rpId) || !authenticatorData.userPresent || !credential)
    return null;
  const key = credential.publicKey;
  let jwk: JsonWebKey;
  if (key.type() === COSEKeyType.EC2 && key.algorithm() === coseAlgorithmES256) {
    const ec = key.ec2();
    jwk = { kty: "EC", crv: "P-256", x: toBase64Url(bigintBytes(ec.x, 32)), y: toBase64Url(bigintBytes(ec.y, 32)) };
  } else if (key.type() === COSEKeyType.RSA && key.algorithm() === coseAlgorithmRS256) {
    const rsa = key.rsa();
    jwk = { kty: "RSA", n: toBase64Url(bigintBytes(rsa.n)), e: toBase64Url(bigintBytes(rsa.e)) };
  } else {
    return null;
  }
  return {
    id: toBase64Url(credential.id),
    publicKey: JSON.stringify(jwk),
    counter: authenticatorData.signatureCounter,
  };
}

/** An assertion, verified against the stored key and counter: the new counter, or null. */
export async function verifyAssertion(
  rp: RelyingParty,
  response: { clientDataJSON: string; authenticatorData: string; signature: string },
  challenge: string,
  stored: { publicKey: string; counter: number },
): Promise<{ counter: number } | null> {
  const clientData = bytes(response.clientDataJSON);
  const authData = bytes(response.authenticatorData);
  if (!clientDataMatches(rp, clientData, ClientDataType.Get, challenge)) return null;
  const parsed = parseAuthenticatorData(authData);
  if (!parsed.verifyRelyingPartyIdHash(rp.rpId) || !parsed.userPresent) return null;
  // A counter that does not move forward is a cloned authenticator (0 means "no counter").
  if ((parsed.signatureCounter !== 0 || stored.counter !== 0) && parsed.signatureCounter <= stored.counter) return null;
  const jwk = JSON.parse(stored.publicKey) as JsonWebKey;
  const message = createAssertionSignatureMessage(authData, clientData) as Uint8Array<ArrayBuffer>;
  const signature = bytes(response.signature) as Uint8Array<ArrayBuffer>;
  let valid: boolean;
  if (jwk.kty === "EC") {
    const der = decodePKIXECDSASignature(signature);
    const raw = new Uint8Array(64);
    raw.set(bigintBytes(der.r, 32), 0);
    raw.set(bigintBytes(der.s, 32), 32);
    const key = await crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    valid = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, raw, message);
  } else {
    const key = await crypto.subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, [
      "verify",
    ]);
    valid = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, signature, message);
  }
  return valid ? { counter: parsed.signatureCounter } : null;
}
