import { type Html, html } from "../html";
import type { ConsoleUser } from "./access";

export type Section = "home" | "departures" | "stays" | "events" | "sales" | "dead-letters" | "health";

/** The console's products, as the API names them, and how the console says them. */
export const PRODUCTS = [
  { id: "departures", label: "Departures" },
  { id: "stays", label: "Properties" },
  { id: "events", label: "Events" },
] as const;

export type ProductId = (typeof PRODUCTS)[number]["id"];

export const productOfUnit = (unitId: string): ProductId | null =>
  unitId.startsWith("dep_")
    ? "departures"
    : unitId.startsWith("prp_")
      ? "stays"
      : unitId.startsWith("evt_")
        ? "events"
        : null;

function link(href: string, label: string, here: boolean): Html {
  return here ? html`<a href="${href}" aria-current="page">${label}</a>` : html`<a href="${href}">${label}</a>`;
}

/**
 * The console's shell: the traveller app's stylesheet and the console's own, no script at all
 * (every page is a plain form or a link, so it works by keyboard and on any screen), a skip link
 * and one navigation; admin sections only for admins.
 */
export function consolePage(user: ConsoleUser | null, section: Section, title: string, body: Html): Html {
  const nav = user
    ? html`<nav aria-label="Console">
        ${link("/console", "Overview", section === "home")}
        ${PRODUCTS.map((p) => link(`/console/units?product=${p.id}`, p.label, section === p.id))}
        ${link("/console/sales", "Sales", section === "sales")}
        ${
          user.role === "admin"
            ? html`${link("/console/dead-letters", "Dead letters", section === "dead-letters")}
              ${link("/console/health", "Health", section === "health")}`
            : ""
        }
      </nav>`
    : "";
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · edgefare console</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/app/app.css" />
    <link rel="stylesheet" href="/console/console.css" />
  </head>
  <body class="console">
    <a class="skip" href="#main">Skip to content</a>
    <header class="top"><a href="/console" class="brand">edgefare console</a>${nav}
      ${
        user
          ? html`<form class="who" action="/console/sign-out" method="post" aria-label="Sign out">
              <span>${user.email} · ${user.role}</span> <button type="submit" class="link">Sign out</button></form>`
          : ""
      }
    </header>
    <main id="main">${body}</main>
    <footer><a href="/">Traveller site</a> · <a href="/docs/">API</a></footer>
  </body>
</html>`;
}
