import { sha256, toBase64Url, utf8 } from "../../src/lib/encoding";

/**
 * A software WebAuthn authenticator (attestation "none", ES256 or RS256) on WebCrypto, so the
 * passkey verification runs in the suite without a browser, and with what a browser cannot
 * produce: another origin or RP ID, a tampered signature, a counter going backwards.
 */
type Cbor = number | string | Uint8Array | Cbor[] | Map<Cbor, Cbor>;

function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 256) return [(major << 5) | 24, n];
  if (n < 65536) return [(major << 5) | 25, n >> 8, n & 0xff];
  return [(major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function cbor(v: Cbor): number[] {
  if (typeof v === "number") return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === "string") {
    const s = utf8(v);
    return [...head(3, s.length), ...s];
  }
  if (v instanceof Uint8Array) return [...head(2, v.length), ...v];
  if (Array.isArray(v)) return [...head(4, v.length), ...v.flatMap(cbor)];
  return [...head(5, v.size), ...[...v].flatMap(([k, x]) => [...cbor(k), ...cbor(x)])];
}

const b64 = (s: string | undefined) =>
  Uint8Array.from(atob((s ?? "").replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** IEEE P1363 r||s → DER SEQUENCE of two INTEGERs, as authenticators send ECDSA signatures. */
function derSignature(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = [...b.slice(i)];
    if ((v[0] ?? 0) & 0x80) v.unshift(0);
    return [0x02, v.length, ...v];
  };
  const body = [...int(raw.slice(0, 32)), ...int(raw.slice(32))];
  return new Uint8Array([0x30, body.length, ...body]);
}

export interface SoftAuthenticator {
  credentialId: string;
  counter: number;
  register(opts: { challenge: string; origin: string; rpId: string }): Promise<{
    id: string;
    response: { clientDataJSON: string; attestationObject: string };
  }>;
  assert(opts: { challenge: string; origin: string; rpId: string; counter?: number }): Promise<{
    id: string;
    response: { clientDataJSON: string; authenticatorData: string; signature: string };
  }>;
}

export async function softAuthenticator(alg: "ES256" | "RS256"): Promise<SoftAuthenticator> {
  const params =
    alg === "ES256"
      ? { name: "ECDSA", namedCurve: "P-256" }
      : { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
  const keys = (await crypto.subtle.generateKey(params, true, ["sign", "verify"])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey("jwk", keys.publicKey)) as JsonWebKey;
  const cose =
    alg === "ES256"
      ? new Map<Cbor, Cbor>([
          [1, 2],
          [3, -7],
          [-1, 1],
          [-2, b64(jwk.x)],
          [-3, b64(jwk.y)],
        ])
      : new Map<Cbor, Cbor>([
          [1, 3],
          [3, -257],
          [-1, b64(jwk.n)],
          [-2, b64(jwk.e)],
        ]);
  const idBytes = crypto.getRandomValues(new Uint8Array(16));
  const sign = async (data: Uint8Array) => {
    const raw = new Uint8Array(
      await crypto.subtle.sign(
        alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : "RSASSA-PKCS1-v1_5",
        keys.privateKey,
        data as Uint8Array<ArrayBuffer>,
      ),
    );
    return alg === "ES256" ? derSignature(raw) : raw;
  };
  const clientData = (type: string, challenge: string, origin: string) =>
    utf8(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  const auth: SoftAuthenticator = {
    credentialId: toBase64Url(idBytes),
    counter: 0,
    async register({ challenge, origin, rpId }) {
      const authData = new Uint8Array([
        ...(await sha256(rpId)),
        0x41, // user present, attested credential data
        ...u32(auth.counter),
        ...new Uint8Array(16), // AAGUID
        0,
        idBytes.length,
        ...idBytes,
        ...cbor(cose),
      ]);
      const attestation = new Map<Cbor, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]);
      return {
        id: auth.credentialId,
        response: {
          clientDataJSON: toBase64Url(clientData("webauthn.create", challenge, origin)),
          attestationObject: toBase64Url(new Uint8Array(cbor(attestation))),
        },
      };
    },
    async assert({ challenge, origin, rpId, counter }) {
      auth.counter = counter ?? auth.counter + 1;
      const authData = new Uint8Array([...(await sha256(rpId)), 0x01, ...u32(auth.counter)]);
      const data = clientData("webauthn.get", challenge, origin);
      const signature = await sign(new Uint8Array([...authData, ...(await sha256(data))]));
      return {
        id: auth.credentialId,
        response: {
          clientDataJSON: toBase64Url(data),
          authenticatorData: toBase64Url(authData),
          signature: toBase64Url(signature),
        },
      };
    },
  };
  return auth;
}
