import { env } from "cloudflare:workers";
import type { Role } from "../../src/db/schema";
import { signInWithCookie, uniqueEmail } from "./accounts";
import { api, ORIGIN } from "./app-client";

/** A browser's form posts and page loads in the organiser console, signed in by cookie. */
export const SAME_ORIGIN = { origin: ORIGIN, "sec-fetch-site": "same-origin" };

export interface ConsolePerson {
  email: string;
  accountId: string;
  /** The `Cookie` header value of their browser session. */
  cookie: string;
}

/** Signs in through the emailed link as a browser, then gets `role` (as an admin would grant it). */
export async function signInAs(role: Role): Promise<ConsolePerson> {
  const email = uniqueEmail(role);
  const { cookie } = await signInWithCookie(email);
  const row = await env.DB.prepare("UPDATE accounts SET role = ? WHERE email = ? RETURNING id")
    .bind(role, email)
    .first<{ id: string }>();
  if (!row) throw new Error(`no account for ${email}`);
  return { email, accountId: row.id, cookie };
}

/** Hands units to an organiser, as PUT /v1/admin/inventory-owners does. */
export async function own(person: ConsolePerson, ...unitIds: string[]): Promise<void> {
  await env.DB.batch(
    unitIds.map((unitId) =>
      env.DB.prepare("INSERT INTO inventory_owners (unit_id, account_id, created_at) VALUES (?, ?, 0)").bind(
        unitId,
        person.accountId,
      ),
    ),
  );
}

export function page(path: string, person?: ConsolePerson): Promise<Response> {
  return api(path, { redirect: "manual", ...(person ? { headers: { cookie: person.cookie } } : {}) });
}

export function postForm(
  path: string,
  person: ConsolePerson,
  fields: Record<string, string>,
  headers: Record<string, string> = SAME_ORIGIN,
): Promise<Response> {
  return api(path, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: person.cookie, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The JSON API as the same person (their cookie), for what a page is checked against. */
export function apiAs<T>(path: string, person: ConsolePerson): Promise<T> {
  return api(path, { headers: { cookie: person.cookie } }).then((res) => {
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json<T>();
  });
}

/** The fields (hidden and visible inputs) of the form posting to `action`, as the page filled them. */
export function formFields(html: string, action: string, mentioning = ""): Record<string, string> {
  const form =
    html
      .split(`action="${action}"`)
      .slice(1)
      .map((f) => f.split("</form>")[0] ?? "")
      .find((f) => f.includes(mentioning)) ?? "";
  return Object.fromEntries(
    [...form.matchAll(/<input(?: type="hidden")? name="([^"]+)" value="([^"]*)"/g)].map((m) => [
      m[1] ?? "",
      m[2] ?? "",
    ]),
  );
}
