/**
 * /docs is static assets (Workers assets: public/docs plus the pinned Swagger UI that
 * tools/assets.mjs copies after npm ci). vitest's workerd pool runs the Worker without the asset
 * router, so this check lives in the smoke run, against wrangler dev.
 */
import { check } from "./client.ts";

const TYPES: Record<string, RegExp> = { js: /javascript/, css: /^text\/css/, png: /^image\/png/ };

export async function docs(baseUrl: string): Promise<string> {
  const redirect = await fetch(`${baseUrl}/docs`, { redirect: "manual" });
  check([301, 307, 308].includes(redirect.status), `/docs answered ${redirect.status}, expected a redirect to /docs/`);
  const page = await fetch(`${baseUrl}/docs/`);
  check(page.status === 200, `/docs/ answered ${page.status}`);
  check(/^text\/html/.test(page.headers.get("content-type") ?? ""), "/docs/ is not HTML");
  const csp = page.headers.get("content-security-policy") ?? "";
  check(csp.includes("default-src 'self'"), `/docs/ has no same-origin CSP (public/_headers): "${csp}"`);
  const html = await page.text();
  const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
  check(references.length >= 3, "/docs/ loads no scripts or styles", html);
  let bytes = 0;
  for (const ref of references) {
    check(!/^[a-z]+:|^\/\//i.test(ref), `/docs/ loads ${ref} from another origin`);
    const res = await fetch(new URL(ref, `${baseUrl}/docs/`));
    check(res.status === 200, `/docs/${ref} answered ${res.status}`);
    const type = TYPES[ref.split(".").pop() ?? ""];
    check(
      !type || type.test(res.headers.get("content-type") ?? ""),
      `/docs/${ref} has type ${res.headers.get("content-type")}`,
    );
    bytes += (await res.arrayBuffer()).byteLength;
  }
  const init = await (await fetch(`${baseUrl}/docs/docs.js`)).text();
  check(init.includes('url: "/openapi.json"'), "/docs/docs.js does not render /openapi.json", init);
  check(!/https?:\/\//.test(init), "/docs/docs.js names another origin", init);
  return `${references.length} files from this origin (${Math.round(bytes / 1024)} KB), none from a CDN`;
}
