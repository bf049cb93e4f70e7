import type { Context } from "hono";
import type { App, HttpEnv } from "../api/context";
import { apiFetch } from "./api-fetch";
import { CART_LIMIT, type CartItem, cartItemOf, partyRange, readCart, writeCart } from "./cart";
import { localeOf } from "./format";
import { reserveRequest } from "./hold-request";
import { html } from "./html";
import { cartPage } from "./pages/cart";
import { type PageProblem, PROBLEM_SENTENCES, pageProblem } from "./problems";
import { formOf, idempotencyOf, refusedPage, send } from "./respond";
import { fromOurPages } from "./same-origin";

/** The parts are for different numbers of travellers: what to change, before anything is held. */
export function partyMismatch(items: CartItem[]): PageProblem | null {
  const { min, max } = partyRange(items);
  if (min <= max) return null;
  return {
    sentence: `The parts of your trip are for different numbers of people: the journey is for ${min} travellers, but another part is for ${max}. Change the numbers so every part is for the same party.`,
    code: "PASSENGER_COUNT_MISMATCH",
    status: 409,
    fields: [],
  };
}

/** A refused trip names the item and what POST /v1/holds would have said about it. */
function refusal(status: number, body: unknown): PageProblem & { item?: number } {
  const problem = pageProblem(status, body);
  const { item, problem: inner } = (body ?? {}) as { item?: unknown; problem?: { code?: unknown } };
  if (problem.code !== "TRIP_ITEM_REFUSED" || typeof item !== "number") return problem;
  const code = typeof inner?.code === "string" && inner.code in PROBLEM_SENTENCES ? inner.code : null;
  const why = code ? ` Part ${item + 1}: ${PROBLEM_SENTENCES[code as keyof typeof PROBLEM_SENTENCES]}` : "";
  return { ...problem, sentence: `${problem.sentence}${why}`, item };
}

async function reserveAll(c: Context<HttpEnv>, app: App, items: CartItem[], locale: string) {
  const form = await formOf(c);
  if (items.length === 0) return c.redirect("/cart", 303);
  // Holding parts one party cannot book together would only fail at payment: say so now.
  const mismatch = partyMismatch(items);
  if (mismatch) return send(c, cartPage(items, locale, mismatch));
  const request = reserveRequest(items);
  const res = await apiFetch(c, app)(request.path, {
    method: "POST",
    body: request.body,
    headers: idempotencyOf(form),
  });
  const body = (await res.json().catch(() => undefined)) as { id?: string } | undefined;
  if (res.status === 201 && body?.id) {
    // Reserved: the checkout page (its id in the URL) is where the trip lives now.
    writeCart(c, []);
    return c.redirect(`${request.page}${encodeURIComponent(body.id)}`, 303);
  }
  return send(c, cartPage(items, locale, refusal(res.status, body)));
}

/**
 * The cart across products: add from any Reserve form ("Add to trip"), list, remove, and reserve
 * everything as one trip (POST /v1/trips, all or nothing) checked out at /book/trip/<id>.
 */
export function registerCartPages(app: App): void {
  const locale = (c: Context<HttpEnv>) => localeOf(c.req.header("accept-language"));
  const notOurs = (c: Context<HttpEnv>) =>
    send(c, refusedPage(locale(c), "Not allowed", html`<p>This form must be sent from an edgefare page.</p>`, 403));

  app.get("/cart", (c) => {
    const items = readCart(c);
    return send(c, cartPage(items, locale(c), partyMismatch(items) ?? undefined, 200));
  });

  app.post("/cart/add", async (c) => {
    if (!fromOurPages(c)) return notOurs(c);
    const item = cartItemOf(await formOf(c));
    const items = readCart(c);
    if (!item) {
      return send(c, refusedPage(locale(c), "Your trip", html`<p>Choose something to add first.</p>`, 400));
    }
    if (items.length >= CART_LIMIT) {
      const full = {
        sentence: `Your trip already has ${CART_LIMIT} parts, the most one trip takes. Reserve it, or remove a part first.`,
        code: "TRIP_ITEM_COUNT",
        status: 409,
        fields: [],
      };
      return send(c, cartPage(items, locale(c), full));
    }
    writeCart(c, [...items, item]);
    return c.redirect("/cart", 303);
  });

  app.post("/cart/remove", async (c) => {
    if (!fromOurPages(c)) return notOurs(c);
    const index = Number((await formOf(c)).index);
    const items = readCart(c);
    writeCart(
      c,
      items.filter((_, i) => i !== index),
    );
    return c.redirect("/cart", 303);
  });

  app.post("/cart/reserve", (c) => (fromOurPages(c) ? reserveAll(c, app, readCart(c), locale(c)) : notOurs(c)));
}
