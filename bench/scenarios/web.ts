import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { get, measure, type Scenario } from "../scenario.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** What a browser downloads besides the HTML: the only script and stylesheet (public/app). */
const STATIC = ["public/app/app.js", "public/app/app.css"];

const weight = (bytes: Uint8Array) => ({ raw: bytes.byteLength, gzip: gzipSync(bytes).byteLength });

/**
 * The web app's results page, server-rendered from the search API in-process: how long the first
 * result takes (the whole HTML, since nothing renders in the browser), and what a first visit weighs.
 */
export const webResults: Scenario = {
  id: "web-results",
  title: "Web app: trip results page",
  async run(ctx) {
    const routes = ctx.fixtures.cityRouteDays.slice(0, 300);
    const pagePath = (r: (typeof routes)[number]) =>
      `/trips?origin=${r.origin}&destination=${r.destination}&date=${r.date}&passengers=1`;
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `GET /trips?origin=…&destination=…&date=… over the ${routes.length} busiest city route-days (after a warm-up, ` +
        "so mostly cached searches): the HTML page with its results, rendered by the Worker.",
      requests: routes.map((r) => get(pagePath(r))),
    });
    const first = routes[0];
    const home = new Uint8Array(await (await fetch(new URL("/", ctx.base))).arrayBuffer());
    const results = first
      ? new Uint8Array(await (await fetch(new URL(pagePath(first), ctx.base))).arrayBuffer())
      : home;
    const files = Object.fromEntries(STATIC.map((f) => [path.basename(f), weight(readFileSync(path.join(ROOT, f)))]));
    const js = files["app.js"] ?? { raw: 0, gzip: 0 };
    result.extra = {
      homeHtml: weight(home),
      resultsHtml: weight(results),
      staticFiles: files,
      javascriptGzipBytes: js.gzip,
    };
    result.checks.push({
      name: "first page JavaScript < 50 KB gzipped",
      ok: js.gzip < 50 * 1000,
      detail: `app.js ${js.raw} bytes (${js.gzip} gzipped), the only script; home page HTML ${weight(home).gzip} bytes gzipped, a results page ${weight(results).gzip}`,
    });
    return result;
  },
};
