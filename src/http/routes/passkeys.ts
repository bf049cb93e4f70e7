import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { registerPasskey, registrationOptions, signInOptions, verifyPasskeySignIn } from "../../accounts/passkeys";
import { createSession } from "../../accounts/sessions";
import type { RelyingParty } from "../../accounts/webauthn";
import type { App, HttpEnv } from "../../api/context";
import { access } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { principalOf, setSessionCookie } from "../../api/principal";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import { authFailed, endBroughtSession, spendAttempt } from "./auth";

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();
const B64 = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, "base64url");

const OptionsResponse = z.object({
  data: z.object({
    challenge_id: z.string(),
    options: z.record(z.string(), z.unknown()).openapi({ description: "For navigator.credentials (JSON form)" }),
  }),
});

const registerOptionsRoute = createRoute({
  method: "post",
  path: "/v1/auth/passkeys/register/options",
  operationId: "passkeyRegistrationOptions",
  tags: ["accounts"],
  summary: "Start adding a passkey to the signed-in account",
  middleware: [rateLimit("write"), access.signedIn()] as const,
  responses: { 200: { description: "Creation options", content: { "application/json": { schema: OptionsResponse } } } },
});

const registerRoute = createRoute({
  method: "post",
  path: "/v1/auth/passkeys",
  operationId: "registerPasskey",
  tags: ["accounts"],
  summary: "Add the passkey the authenticator created (attestation none; ES256 or RS256)",
  middleware: [rateLimit("write"), access.signedIn()] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            challenge_id: z.string().max(64),
            credential: z.object({
              id: B64,
              response: z.object({ clientDataJSON: B64, attestationObject: B64 }),
            }),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: "Added",
      content: { "application/json": { schema: z.object({ data: z.object({ id: z.string() }) }) } },
    },
    ...problemResponses(409),
  },
});

const signInOptionsRoute = createRoute({
  method: "post",
  path: "/v1/auth/passkeys/sign-in/options",
  operationId: "passkeySignInOptions",
  tags: ["accounts"],
  summary: "Start a passkey sign-in (discoverable credentials)",
  middleware: [rateLimit("write"), access.open(null)] as const,
  responses: { 200: { description: "Request options", content: { "application/json": { schema: OptionsResponse } } } },
});

const signInRoute = createRoute({
  method: "post",
  path: "/v1/auth/passkeys/sign-in",
  operationId: "passkeySignIn",
  tags: ["accounts"],
  summary: "Sign in with a passkey assertion: a session (cookie or bearer)",
  middleware: [rateLimit("write"), access.open(null)] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            challenge_id: z.string().max(64),
            mode: z.enum(["cookie", "bearer"]).default("cookie"),
            credential: z.object({
              id: B64,
              response: z.object({ clientDataJSON: B64, authenticatorData: B64, signature: B64 }),
            }),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Signed in",
      content: {
        "application/json": {
          schema: z.object({
            data: z.object({
              account: z.object({ id: z.string() }),
              session: z.object({ id: z.string(), expires_at: z.string(), token: z.string().optional() }),
            }),
          }),
        },
      },
    },
  },
});

/** This deployment's origin, and its host as the RP ID: a passkey works only where it was made. */
const relyingParty = (c: Context<HttpEnv>): RelyingParty => {
  const url = new URL(c.req.url);
  return { origin: url.origin, rpId: url.hostname };
};

export function registerPasskeyRoutes(app: App): void {
  app.openapi(registerOptionsRoute, async (c) => {
    const p = await principalOf(c);
    if (p.kind !== "session") throw ProblemError.of("SESSION_REQUIRED", "Sign in first.");
    const { services } = c.var;
    const deps = { db: services.db, now: services.clock.now(), rp: relyingParty(c) };
    const { challengeId, options } = await registrationOptions(deps, {
      id: p.session.accountId,
      email: p.session.email,
    });
    c.header("Cache-Control", "no-store");
    return c.json({ data: { challenge_id: challengeId, options } }, 200);
  });

  app.openapi(registerRoute, async (c) => {
    const p = await principalOf(c);
    if (p.kind !== "session") throw ProblemError.of("SESSION_REQUIRED", "Sign in first.");
    const { services } = c.var;
    const body = c.req.valid("json");
    const result = await registerPasskey({
      deps: { db: services.db, now: services.clock.now(), rp: relyingParty(c) },
      input: { accountId: p.session.accountId, challengeId: body.challenge_id, response: body.credential.response },
    });
    if (!result.ok) {
      if (result.error.code === "PASSKEY_REJECTED") await authFailed(c, "passkey");
      throw new ProblemError(result.error);
    }
    return c.json({ data: result.value }, 201);
  });

  app.openapi(signInOptionsRoute, async (c) => {
    const { services } = c.var;
    const { challengeId, options } = await signInOptions({
      db: services.db,
      now: services.clock.now(),
      rp: relyingParty(c),
    });
    c.header("Cache-Control", "no-store");
    return c.json({ data: { challenge_id: challengeId, options } }, 200);
  });

  app.openapi(signInRoute, async (c) => {
    const { services } = c.var;
    const body = c.req.valid("json");
    // A sign-in attempt like a link's use: 5 per 15 minutes per network (the account is known only after).
    await spendAttempt(c);
    const now = services.clock.now();
    const result = await verifyPasskeySignIn({
      deps: { db: services.db, now, rp: relyingParty(c) },
      input: { challengeId: body.challenge_id, credentialId: body.credential.id, response: body.credential.response },
    });
    if (!result.ok) {
      await authFailed(c, "passkey");
      throw new ProblemError(result.error);
    }
    await endBroughtSession(c);
    const session = await createSession({
      deps: { db: services.db, now },
      input: { accountId: result.value.accountId, kind: body.mode, userAgent: c.req.header("user-agent") ?? null },
    });
    if (body.mode === "cookie") setSessionCookie(c, session.token, session.expiresAt, now);
    c.header("Cache-Control", "no-store");
    const shown = {
      id: session.id,
      expires_at: iso(session.expiresAt),
      ...(body.mode === "bearer" ? { token: session.token } : {}),
    };
    return c.json({ data: { account: { id: result.value.accountId }, session: shown } }, 200);
  });
}
