import type { Context } from "hono";
import type { HttpEnv } from "../api/context";

/**
 * A form post must come from one of our own pages. Browsers send Sec-Fetch-Site (and Origin)
 * with every POST, and it is decided by the browser, not by how a proxy in front of the Worker
 * (wrangler dev, a custom domain) rewrites the URL. A request with neither is not a browser's, so
 * it carries no traveller's cookie to abuse.
 */
export function fromOurPages(c: Context<HttpEnv>): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = c.req.header("origin");
  if (!origin) return true;
  const host = URL.canParse(origin) ? new URL(origin).host : null;
  return host === new URL(c.req.url).host || host === c.req.header("host");
}
