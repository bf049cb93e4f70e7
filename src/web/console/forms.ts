import type { Context } from "hono";
import type { HttpEnv } from "../../api/context";
import { type Html, html } from "../html";
import type { PageProblem } from "../problems";
import { problemBlock } from "../search-page";

export type FormValues = Record<string, string>;

/** A refused form: which one, what was typed, and the API's problem, shown beside that form. */
export interface Refusal {
  form: string;
  values: FormValues;
  problem: PageProblem;
}

/** The posted fields (strings only, each cut to 500 characters: nothing here is longer). */
export async function postedForm(c: Context<HttpEnv>): Promise<FormValues> {
  const parsed = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(parsed).flatMap(([k, v]) => (typeof v === "string" ? [[k, v.slice(0, 500)]] : [])),
  );
}

/** Digits after the point in the currency (EUR 2, JPY 0); a posted code that is not one reads as 2. */
function fractionDigits(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) return 2;
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 12345 EUR → "123.45": what a price field shows. */
export function majorUnits(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/**
 * "123.45" EUR → 12345. Empty: not changed (undefined). Anything that is not a plain amount is
 * passed on as typed, so the API refuses it with its own problem and the field's name.
 */
export function minorUnits(text: string | undefined, currency: string): number | string | undefined {
  const value = text?.trim().replace(",", ".") ?? "";
  if (value === "") return undefined;
  if (!/^\d{1,9}(\.\d{1,3})?$/.test(value)) return value;
  return Math.round(Number(value) * 10 ** fractionDigits(currency));
}

/** A whole number field: empty is "not changed"; anything else goes to the API as typed if it is not a number. */
export function integerField(text: string | undefined): number | string | undefined {
  const value = text?.trim() ?? "";
  if (value === "") return undefined;
  return /^-?\d{1,9}$/.test(value) ? Number(value) : value;
}

/** The value a field shows: what was typed in a refused post of this form, else the current one. */
export function shownValue(refusal: Refusal | undefined, form: string, name: string, current: string): string {
  return refusal?.form === form ? (refusal.values[name] ?? "") : current;
}

/** The problem of a refused form, shown where the form is. */
export function refusalBlock(refusal: Refusal | undefined, form: string): Html {
  return refusal?.form === form ? problemBlock(refusal.problem) : html``;
}

/** Every console form: posted to the console (same origin), with a key that makes a resubmission safe. */
export function consoleForm(action: string, label: string, body: Html, button: string, danger = false): Html {
  return html`<form class="console-form" action="${action}" method="post" aria-label="${label}">
    <input type="hidden" name="idempotency_key" value="${crypto.randomUUID()}" />
    ${body}
    <button type="submit"${danger ? html` class="danger"` : ""}>${button}</button>
  </form>`;
}

export function field(label: string, name: string, value: string, attrs: Html = html``): Html {
  return html`<label>${label} <input name="${name}" value="${value}" ${attrs} /></label>`;
}

/** A required reason, kept in the inventory object's ledger with the change. */
export function reasonField(refusal: Refusal | undefined, form: string): Html {
  return field(
    "Reason (kept with the change)",
    "reason",
    shownValue(refusal, form, "reason", ""),
    html`required maxlength="200"`,
  );
}
