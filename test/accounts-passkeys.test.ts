import { describe, expect, it } from "vitest";
import { problemOf, type SignedIn, signIn, signInWithCookie } from "./support/accounts";
import { api, ORIGIN } from "./support/app-client";
import { uniqueCaller } from "./support/limited-app";
import { softAuthenticator } from "./support/soft-authenticator";

const RP = { origin: ORIGIN, rpId: new URL(ORIGIN).hostname };

const post = (path: string, body: object, authorization?: string) =>
  api(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "cf-connecting-ip": uniqueCaller().ip,
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify(body),
  });

async function options(path: string, authorization?: string) {
  const res = await post(path, {}, authorization);
  expect(res.status).toBe(200);
  const { data } = await res.json<{ data: { challenge_id: string; options: { challenge: string } } }>();
  return { challengeId: data.challenge_id, challenge: data.options.challenge };
}

async function registered(alg: "ES256" | "RS256", user: SignedIn) {
  const auth = await softAuthenticator(alg);
  const { challengeId, challenge } = await options("/v1/auth/passkeys/register/options", user.bearer);
  const credential = await auth.register({ challenge, ...RP });
  const res = await post("/v1/auth/passkeys", { challenge_id: challengeId, credential }, user.bearer);
  expect(res.status).toBe(201);
  return auth;
}

const REJECTED = { status: 400, code: "PASSKEY_REJECTED", detail: "The passkey could not be verified." };

describe.each(["ES256", "RS256"] as const)("passkeys (%s, software authenticator)", (alg) => {
  it("register on a signed-in account and then sign it in, as a bearer session", async () => {
    const user = await signIn();
    const auth = await registered(alg, user);
    const { challengeId, challenge } = await options("/v1/auth/passkeys/sign-in/options");
    const credential = await auth.assert({ challenge, ...RP });
    const res = await post("/v1/auth/passkeys/sign-in", { challenge_id: challengeId, mode: "bearer", credential });
    expect(res.status).toBe(200);
    const { data } = await res.json<{ data: { account: { id: string }; session: { token: string } } }>();
    expect(data.account.id).toBe(user.accountId);
    const me = await api("/v1/me", { headers: { authorization: `Bearer ${data.session.token}` } });
    expect(me.status).toBe(200);
  });

  it("refuse another origin or RP ID, at registration and at sign-in", async () => {
    const user = await signIn();
    const auth = await softAuthenticator(alg);
    for (const wrong of [
      { ...RP, origin: "https://evil.example" },
      { ...RP, rpId: "evil.example" },
    ]) {
      const { challengeId, challenge } = await options("/v1/auth/passkeys/register/options", user.bearer);
      const credential = await auth.register({ challenge, ...wrong });
      expect(
        await problemOf(await post("/v1/auth/passkeys", { challenge_id: challengeId, credential }, user.bearer)),
      ).toEqual(REJECTED);
    }
    const good = await registered(alg, user);
    for (const wrong of [
      { ...RP, origin: "https://evil.example" },
      { ...RP, rpId: "evil.example" },
    ]) {
      const { challengeId, challenge } = await options("/v1/auth/passkeys/sign-in/options");
      const credential = await good.assert({ challenge, ...wrong });
      expect(
        await problemOf(await post("/v1/auth/passkeys/sign-in", { challenge_id: challengeId, credential })),
      ).toEqual(REJECTED);
    }
  });

  it("refuse a tampered signature, a replayed assertion and a counter that goes backwards", async () => {
    const auth = await registered(alg, await signIn());
    const first = await options("/v1/auth/passkeys/sign-in/options");
    const credential = await auth.assert({ challenge: first.challenge, ...RP, counter: 5 });
    const tampered = {
      ...credential,
      response: { ...credential.response, signature: `${credential.response.signature.slice(0, -4)}AAAA` },
    };
    expect(
      await problemOf(
        await post("/v1/auth/passkeys/sign-in", { challenge_id: first.challengeId, credential: tampered }),
      ),
    ).toEqual(REJECTED);
    // The challenge was spent by the failed attempt: replaying even the genuine assertion is refused.
    expect(
      await problemOf(await post("/v1/auth/passkeys/sign-in", { challenge_id: first.challengeId, credential })),
    ).toEqual({
      status: 400,
      code: "CHALLENGE_INVALID",
      detail: "Ask for new sign-in options: this challenge is unknown, used or expired.",
    });
    const second = await options("/v1/auth/passkeys/sign-in/options");
    const ok = await auth.assert({ challenge: second.challenge, ...RP, counter: 7 });
    expect((await post("/v1/auth/passkeys/sign-in", { challenge_id: second.challengeId, credential: ok })).status).toBe(
      200,
    );
    const third = await options("/v1/auth/passkeys/sign-in/options");
    const cloned = await auth.assert({ challenge: third.challenge, ...RP, counter: 6 });
    expect(
      await problemOf(await post("/v1/auth/passkeys/sign-in", { challenge_id: third.challengeId, credential: cloned })),
    ).toEqual(REJECTED);
  });
});

describe("passkey sign-in, like a link's", () => {
  it("counts as a sign-in attempt: the 6th from one network in 15 minutes is 429 before anything is verified", async () => {
    const ip = uniqueCaller().ip;
    const attempt = () =>
      api("/v1/auth/passkeys/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": ip },
        body: JSON.stringify({
          challenge_id: "chl_unknown",
          mode: "bearer",
          credential: {
            id: "AAAA",
            response: { clientDataJSON: "AAAA", authenticatorData: "AAAA", signature: "AAAA" },
          },
        }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(400);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(await problemOf(refused)).toMatchObject({ code: "RATE_LIMITED", policy: "sign_in" });
  });

  it("ends the session the browser brought (no session outlives a sign-in it did not mint)", async () => {
    const planted = await signInWithCookie();
    const user = await signIn();
    const auth = await registered("ES256", user);
    const { challengeId, challenge } = await options("/v1/auth/passkeys/sign-in/options");
    const credential = await auth.assert({ challenge, ...RP });
    const res = await api("/v1/auth/passkeys/sign-in", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "cf-connecting-ip": uniqueCaller().ip,
        cookie: planted.cookie,
        origin: ORIGIN,
      },
      body: JSON.stringify({ challenge_id: challengeId, mode: "cookie", credential }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).not.toContain(planted.cookie);
    expect((await api("/v1/me", { headers: { cookie: planted.cookie } })).status).toBe(401);
  });
});
