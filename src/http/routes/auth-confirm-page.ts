/**
 * The page a sign-in link opens. It consumes nothing: mail scanners (Safe Links and the like)
 * fetch links to inspect them, and a GET that signed in would burn the link before its owner
 * clicked. The button POSTs the token as JSON (same origin, so the session cookie is set here).
 */
export function confirmPage(token: string): string {
  const safe = token.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Sign in to edgefare</title></head>
<body>
<h1>Sign in to edgefare</h1>
<p id="status">Press the button to finish signing in on this device.</p>
<button id="go" data-token="${safe}">Sign in</button>
<script>
document.getElementById("go").addEventListener("click", async (e) => {
  const res = await fetch("/v1/auth/magic-link/verify", {
    method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: e.target.dataset.token, mode: "cookie" }),
  });
  const body = await res.json().catch(() => ({}));
  document.getElementById("status").textContent = res.ok ? "You are signed in." : (body.detail || "This link cannot be used.");
  e.target.remove();
});
</script>
</body></html>`;
}
