import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export { html, raw };
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The page shell: one stylesheet, one small deferred script, nothing from another origin. */
export function page(title: string, body: Html, lang = "en", head: Html = html``): Html {
  return html`<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · edgefare</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/app/app.css" />
    <script src="/app/app.js" defer></script>
    ${head}
  </head>
  <body>
    <header class="top"><a href="/" class="brand">edgefare</a>
      <nav aria-label="Products"><a href="/#trips">Trips</a> <a href="/#stays">Stays</a> <a href="/#events">Events</a>
        <a href="/cart">Your trip</a> <a href="/manage">Find a booking</a> <a href="/me">My trips</a></nav>
    </header>
    <main id="main">${body}</main>
    <footer><a href="/docs/">API</a></footer>
  </body>
</html>`;
}
