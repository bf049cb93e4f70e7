// Sign-in and "My trips" only (the other pages never load it):
// 1. Sign in with a passkey where the browser has one (WebAuthn, discoverable credentials).
// 2. Add a passkey for this device from "My trips".
// 3. After an emailed link is sent: move on by itself once the link was used in this browser.

const toB64 = (buffer) =>
  btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
const fromB64 = (text) => Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));

async function postJson(path, body) {
  const res = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.detail || "That did not work. Try again, or sign in with an email link.");
  return json;
}

const credentialIds = (list) => (list ?? []).map((c) => ({ ...c, id: fromB64(c.id) }));

async function signInWithPasskey(box) {
  const alert = box.querySelector(".problem");
  try {
    const { data } = await postJson("/v1/auth/passkeys/sign-in/options");
    const { options } = data;
    const credential = await navigator.credentials.get({
      publicKey: {
        ...options,
        challenge: fromB64(options.challenge),
        allowCredentials: credentialIds(options.allowCredentials),
      },
    });
    if (!credential) return;
    await postJson("/v1/auth/passkeys/sign-in", {
      challenge_id: data.challenge_id,
      mode: "cookie",
      credential: {
        id: toB64(credential.rawId),
        response: {
          clientDataJSON: toB64(credential.response.clientDataJSON),
          authenticatorData: toB64(credential.response.authenticatorData),
          signature: toB64(credential.response.signature),
        },
      },
    });
    location.assign(box.dataset.next || "/me");
  } catch (error) {
    alert.textContent =
      error.name === "NotAllowedError"
        ? "No passkey was chosen. Try again, or sign in with an email link."
        : error.message;
    alert.hidden = false;
  }
}

async function addPasskey(box) {
  const status = box.querySelector("[role=status]");
  try {
    const { data } = await postJson("/v1/auth/passkeys/register/options");
    const { options } = data;
    const credential = await navigator.credentials.create({
      publicKey: {
        ...options,
        challenge: fromB64(options.challenge),
        user: { ...options.user, id: fromB64(options.user.id) },
        excludeCredentials: credentialIds(options.excludeCredentials),
      },
    });
    if (!credential) return;
    await postJson("/v1/auth/passkeys", {
      challenge_id: data.challenge_id,
      credential: {
        id: toB64(credential.rawId),
        response: {
          clientDataJSON: toB64(credential.response.clientDataJSON),
          attestationObject: toB64(credential.response.attestationObject),
        },
      },
    });
    status.textContent = "Passkey added: next time, sign in with it on this device.";
  } catch (error) {
    status.textContent = error.name === "NotAllowedError" ? "No passkey was added." : error.message;
  }
}

// Every check spends one of the address's lookups (30 a minute): every 10 s, for as long as the
// link lives, and not before a refusal's Retry-After. Coming back to the tab checks at once.
const SIGN_IN_POLL_MS = 10_000;
const LINK_LIFETIME_MS = 15 * 60_000;

function waitForSignIn(el) {
  const next = el.dataset.next || "/me";
  const until = Date.now() + LINK_LIFETIME_MS;
  let quietUntil = 0;
  const check = async () => {
    if (Date.now() < quietUntil) return;
    const res = await fetch("/v1/me", { credentials: "same-origin" }).catch(() => null);
    if (res?.ok) location.assign(next);
    if (res?.status === 429) quietUntil = Date.now() + 1000 * (Number(res.headers.get("retry-after")) || 60);
  };
  const timer = setInterval(() => (Date.now() > until ? clearInterval(timer) : check()), SIGN_IN_POLL_MS);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && check());
}

document.addEventListener("DOMContentLoaded", () => {
  const passkeys = typeof window.PublicKeyCredential === "function";
  for (const box of document.querySelectorAll("[data-passkey-sign-in]")) {
    if (!passkeys) continue;
    box.hidden = false;
    box.querySelector("button").addEventListener("click", () => signInWithPasskey(box));
  }
  for (const box of document.querySelectorAll("[data-passkey-register]")) {
    if (!passkeys) continue;
    box.hidden = false;
    box.querySelector("button").addEventListener("click", () => addPasskey(box));
  }
  for (const el of document.querySelectorAll("[data-wait-for-sign-in]")) waitForSignIn(el);
});
