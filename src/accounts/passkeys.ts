import { and, eq, gt } from "drizzle-orm";
import type { Database } from "../db/client";
import { passkeys, webauthnChallenges } from "../db/schema";
import { base64UrlFromText } from "../lib/encoding";
import { err, ok, type Result } from "../lib/result";
import { ACCOUNT_POLICY } from "./policy";
import { newPublicId, newSecret, nowSeconds } from "./tokens";
import { type RelyingParty, SUPPORTED_ALGORITHMS, verifyAssertion, verifyRegistration } from "./webauthn";

export interface PasskeyDeps {
  db: Database;
  /** Epoch ms. */
  now: number;
  rp: RelyingParty;
}

/** A challenge we issue (single use, 5 minutes); its id travels back with the response. */
async function issueChallenge(deps: PasskeyDeps, purpose: "register" | "sign_in", accountId: string | null) {
  const challenge = newSecret();
  const id = newPublicId("wch");
  await deps.db.insert(webauthnChallenges).values({
    id,
    challenge,
    purpose,
    accountId,
    expiresAt: nowSeconds(deps.now) + ACCOUNT_POLICY.challengeTtlSeconds,
  });
  return { id, challenge };
}

async function takeChallenge(deps: PasskeyDeps, id: string, purpose: "register" | "sign_in") {
  const [row] = await deps.db
    .delete(webauthnChallenges)
    .where(and(eq(webauthnChallenges.id, id), gt(webauthnChallenges.expiresAt, nowSeconds(deps.now))))
    .returning();
  return row?.purpose === purpose ? row : null;
}

/** PublicKeyCredentialCreationOptions as JSON (browsers: `PublicKeyCredential.parseCreationOptionsFromJSON`). */
export async function registrationOptions(deps: PasskeyDeps, account: { id: string; email: string }) {
  const { id, challenge } = await issueChallenge(deps, "register", account.id);
  const existing = await deps.db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.accountId, account.id));
  return {
    challengeId: id,
    options: {
      challenge,
      rp: { id: deps.rp.rpId, name: "edgefare" },
      user: { id: base64UrlFromText(account.id), name: account.email, displayName: account.email },
      pubKeyCredParams: SUPPORTED_ALGORITHMS.map((alg) => ({ type: "public-key" as const, alg })),
      timeout: ACCOUNT_POLICY.challengeTtlSeconds * 1000,
      attestation: "none" as const,
      excludeCredentials: existing.map((c) => ({ type: "public-key" as const, id: c.id })),
      authenticatorSelection: { residentKey: "preferred" as const, userVerification: "preferred" as const },
    },
  };
}

export async function registerPasskey({
  deps,
  input,
}: {
  deps: PasskeyDeps;
  input: { accountId: string; challengeId: string; response: { clientDataJSON: string; attestationObject: string } };
}): Promise<Result<{ id: string }>> {
  const challenge = await takeChallenge(deps, input.challengeId, "register");
  if (!challenge || challenge.accountId !== input.accountId) {
    return err("CHALLENGE_INVALID", "Ask for new registration options: this challenge is unknown, used or expired.");
  }
  let credential: ReturnType<typeof verifyRegistration>;
  try {
    credential = verifyRegistration(deps.rp, input.response, challenge.challenge);
  } catch {
    credential = null;
  }
  if (!credential) return err("PASSKEY_REJECTED", "The passkey could not be verified.");
  const [row] = await deps.db
    .insert(passkeys)
    .values({ ...credential, accountId: input.accountId, createdAt: nowSeconds(deps.now) })
    .onConflictDoNothing()
    .returning({ id: passkeys.id });
  if (!row) return err("CONFLICT", "This passkey is registered already.");
  return ok(row);
}

export async function signInOptions(deps: PasskeyDeps) {
  const { id, challenge } = await issueChallenge(deps, "sign_in", null);
  return {
    challengeId: id,
    options: {
      challenge,
      rpId: deps.rp.rpId,
      timeout: ACCOUNT_POLICY.challengeTtlSeconds * 1000,
      userVerification: "preferred" as const,
      allowCredentials: [],
    },
  };
}

/** The account a verified assertion signs in; the counter moves forward in the same statement. */
export async function verifyPasskeySignIn({
  deps,
  input,
}: {
  deps: PasskeyDeps;
  input: {
    challengeId: string;
    credentialId: string;
    response: { clientDataJSON: string; authenticatorData: string; signature: string };
  };
}): Promise<Result<{ accountId: string }>> {
  const challenge = await takeChallenge(deps, input.challengeId, "sign_in");
  if (!challenge) {
    return err("CHALLENGE_INVALID", "Ask for new sign-in options: this challenge is unknown, used or expired.");
  }
  const stored = await deps.db.select().from(passkeys).where(eq(passkeys.id, input.credentialId)).get();
  const rejected = err("PASSKEY_REJECTED", "The passkey could not be verified.");
  if (!stored) return rejected;
  let verified: { counter: number } | null;
  try {
    verified = await verifyAssertion(deps.rp, input.response, challenge.challenge, stored);
  } catch {
    verified = null;
  }
  if (!verified) return rejected;
  // Conditional on the counter we checked: two assertions racing cannot both move it.
  const [moved] = await deps.db
    .update(passkeys)
    .set({ counter: verified.counter, lastUsedAt: nowSeconds(deps.now) })
    .where(and(eq(passkeys.id, stored.id), eq(passkeys.counter, stored.counter)))
    .returning({ accountId: passkeys.accountId });
  return moved ? ok({ accountId: moved.accountId }) : rejected;
}
