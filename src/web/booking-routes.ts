import type { Context } from "hono";
import type { App, HttpEnv } from "../api/context";
import { type ApiFetch, apiFetch } from "./api-fetch";
import { localeOf } from "./format";
import { isReserveKind, reserveRequest } from "./hold-request";
import { html } from "./html";
import { keepOwnerToken, ownerTokenOf } from "./owner-cookie";
import { type BasketRef, checkoutPage, holdsOf, travellersOf } from "./pages/checkout";
import { bookingApi, type Credentials, managePage } from "./pages/manage";
import { pageProblem } from "./problems";
import { formOf, idempotencyOf, refusedPage, send } from "./respond";
import { fromOurPages } from "./same-origin";
import { problemBlock } from "./search-page";

const REFERENCE = /^[A-Za-z0-9]{1,32}$/;

async function placeHold(c: Context<HttpEnv>, fetchApi: ApiFetch, locale: string) {
  const form = await formOf(c);
  const request = isReserveKind(form.kind) ? reserveRequest([{ kind: form.kind, fields: form }]) : null;
  if (!request) return send(c, refusedPage(locale, "Reserve", html`<p>Choose something to reserve first.</p>`, 400));
  const res = await fetchApi(request.path, { method: "POST", body: request.body, headers: idempotencyOf(form) });
  const body = (await res.json().catch(() => undefined)) as { id?: string } | undefined;
  if (res.status === 201 && body?.id) return c.redirect(`${request.page}${encodeURIComponent(body.id)}`, 303);
  const problem = pageProblem(res.status, body);
  return send(
    c,
    refusedPage(locale, "Reserve", html`${problemBlock(problem)}<p><a href="/">Search again</a></p>`, problem.status),
  );
}

async function book(c: Context<HttpEnv>, fetchApi: ApiFetch, ref: BasketRef, locale: string) {
  const form = await formOf(c);
  const count = travellersOf(await holdsOf(fetchApi, ref));
  const passengers = Array.from({ length: count }, (_, i) => ({
    given_name: form[`given_name_${i}`] ?? "",
    family_name: form[`family_name_${i}`] ?? "",
  }));
  const travellers = { passengers, contact: { email: form.email ?? "" } };
  const payment = { method: "card", token: form.payment_token ?? "" };
  const res = await fetchApi(ref.kind === "trip" ? `/v1/trips/${encodeURIComponent(ref.id)}/book` : "/v1/bookings", {
    method: "POST",
    headers: idempotencyOf(form),
    body: {
      ...(ref.kind === "trip" ? {} : { hold_id: ref.id }),
      ...travellers,
      payment,
    },
  });
  const body = (await res.json().catch(() => undefined)) as { reference?: string; owner_token?: string } | undefined;
  if (res.ok && body?.reference && body.owner_token) {
    keepOwnerToken(c, body.reference, body.owner_token);
    return c.redirect(`/manage/${body.reference}`, 303);
  }
  return send(c, await checkoutPage(fetchApi, ref, locale, form, pageProblem(res.status, body)));
}

/**
 * How this browser proves the booking is its traveller's: the owner token's cookie, a family name
 * typed in, or a signed-in account that holds the booking (GET /v1/me/bookings/{reference}), whose
 * lead traveller's family name then reads and cancels it like a lookup would.
 */
async function credentialsOf(
  c: Context<HttpEnv>,
  fetchApi: ApiFetch,
  reference: string,
  familyName?: string,
): Promise<Credentials> {
  const given = { token: ownerTokenOf(c, reference), familyName: familyName?.slice(0, 100) || undefined };
  if (given.token || given.familyName) return given;
  const res = await fetchApi(`/v1/me/bookings/${encodeURIComponent(reference)}`);
  if (!res.ok) return given;
  const booking = (await res.json()) as { passengers: { family_name: string }[] };
  return { familyName: booking.passengers[0]?.family_name || undefined };
}

async function cancel(c: Context<HttpEnv>, fetchApi: ApiFetch, reference: string, locale: string) {
  const form = await formOf(c);
  const credentials = await credentialsOf(c, fetchApi, reference, form.family_name);
  const { path, headers } = bookingApi(reference, credentials, "/cancel");
  const res = await fetchApi(path, { method: "POST", headers: { ...headers, ...idempotencyOf(form) } });
  if (res.ok) {
    const query = credentials.token ? "" : `?family_name=${encodeURIComponent(credentials.familyName ?? "")}`;
    return c.redirect(`/manage/${reference}${query}`, 303);
  }
  const problem = pageProblem(res.status, await res.json().catch(() => undefined));
  return send(c, await managePage(fetchApi, reference, credentials, locale, problem));
}

/**
 * Reserve, check out and manage: form posts from our own pages, handled by calling the API
 * in-process as the traveller. The hold id and the booking reference live in the URL and the owner
 * token in a cookie scoped to the booking, so a reload loses nothing.
 */
export function registerBookingPages(app: App): void {
  const locale = (c: Context<HttpEnv>) => localeOf(c.req.header("accept-language"));
  const notOurs = (c: Context<HttpEnv>) =>
    send(c, refusedPage(locale(c), "Not allowed", html`<p>This form must be sent from an edgefare page.</p>`, 403));

  app.post("/book/hold", (c) => (fromOurPages(c) ? placeHold(c, apiFetch(c, app), locale(c)) : notOurs(c)));
  const hold = (id: string): BasketRef => ({ kind: "hold", id });
  const trip = (id: string): BasketRef => ({ kind: "trip", id });
  app.get("/book/trip/:trip", async (c) =>
    send(c, await checkoutPage(apiFetch(c, app), trip(c.req.param("trip")), locale(c))),
  );
  app.post("/book/trip/:trip", (c) =>
    fromOurPages(c) ? book(c, apiFetch(c, app), trip(c.req.param("trip")), locale(c)) : notOurs(c),
  );
  app.get("/book/:hold", async (c) =>
    send(c, await checkoutPage(apiFetch(c, app), hold(c.req.param("hold")), locale(c))),
  );
  app.post("/book/:hold", (c) =>
    fromOurPages(c) ? book(c, apiFetch(c, app), hold(c.req.param("hold")), locale(c)) : notOurs(c),
  );

  app.get("/manage", async (c) => {
    const reference = (c.req.query("reference") ?? "").trim().toUpperCase();
    const familyName = c.req.query("family_name");
    if (!REFERENCE.test(reference) || !familyName) {
      return send(c, await managePage(apiFetch(c, app), reference, {}, locale(c)));
    }
    return c.redirect(`/manage/${reference}?family_name=${encodeURIComponent(familyName)}`, 303);
  });
  app.get("/manage/:reference", async (c) => {
    const reference = c.req.param("reference").toUpperCase();
    if (!REFERENCE.test(reference)) return c.redirect("/manage", 303);
    const fetchApi = apiFetch(c, app);
    const credentials = await credentialsOf(c, fetchApi, reference, c.req.query("family_name"));
    return send(c, await managePage(fetchApi, reference, credentials, locale(c)));
  });
  app.post("/manage/:reference/cancel", async (c) => {
    const reference = c.req.param("reference").toUpperCase();
    if (!fromOurPages(c)) return notOurs(c);
    if (!REFERENCE.test(reference)) return c.redirect("/manage", 303);
    return cancel(c, apiFetch(c, app), reference, locale(c));
  });
}
