/**
 * The page an emailed link opens. It consumes nothing: mail scanners (Safe Links and the like)
 * fetch links to inspect them, and a GET that acted would burn the link before its owner clicked.
 * The button POSTs the token as JSON (same origin, so the session cookie is set or sent here).
 */
const PAGES = {
  sign_in: {
    title: "Sign in to edgefare",
    intro: "Press the button to finish signing in on this device.",
    button: "Sign in",
    endpoint: "/v1/auth/magic-link/verify",
    body: '{ token: e.target.dataset.token, mode: "cookie" }',
    done: "You are signed in.",
  },
  claim: {
    title: "Add a booking to your edgefare account",
    intro: "Press the button to add the booking to the account that asked for it. Sign in with that account first.",
    button: "Add the booking",
    endpoint: "/v1/me/bookings/claim-link/confirm",
    body: "{ token: e.target.dataset.token }",
    done: "The booking is now in your account.",
  },
} as const;

export function confirmPage(token: string, kind: keyof typeof PAGES = "sign_in"): string {
  const safe = token.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64);
  const page = PAGES[kind];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${page.title}</title></head>
<body>
<h1>${page.title}</h1>
<p id="status">${page.intro}</p>
<button id="go" data-token="${safe}">${page.button}</button>
<script>
document.getElementById("go").addEventListener("click", async (e) => {
  const res = await fetch("${page.endpoint}", {
    method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" },
    body: JSON.stringify(${page.body}),
  });
  const body = await res.json().catch(() => ({}));
  document.getElementById("status").textContent = res.ok ? "${page.done}" : (body.detail || "This link cannot be used.");
  e.target.remove();
});
</script>
</body></html>`;
}
