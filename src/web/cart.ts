import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { HttpEnv } from "../api/context";
import { textFromBase64Url, toBase64Url, utf8 } from "../lib/encoding";
import { TRIP_POLICY } from "../trips/model";
import { isReserveKind, RESERVE_FIELDS, type ReserveFields } from "./hold-request";
import type { ReserveKind } from "./reserve";

/**
 * The traveller's cart: what they chose to reserve together, kept in their own browser (a cookie),
 * so it costs the server nothing, survives a reload and creates no storage for anyone. It holds
 * only what a Reserve form posts (the hold request's fields and what the cart lists), at most as
 * many items as one trip takes; the API checks every value when the cart is reserved, so a forged
 * cookie can ask for nothing a traveller could not ask for directly.
 */
export interface CartItem {
  kind: ReserveKind;
  fields: ReserveFields;
  label: string;
}

export const CART_COOKIE = "ef_cart";
export const CART_LIMIT = TRIP_POLICY.maxItems;
const FIELD_MAX = 100;
const LABEL_MAX = 200;
/** A week: long enough to come back to, short enough that stale dates do not linger. */
const MAX_AGE_S = 7 * 86_400;

/** An item from a posted form, or null when the form is not a Reserve form. */
export function cartItemOf(form: Record<string, string | undefined>): CartItem | null {
  if (!isReserveKind(form.kind)) return null;
  const fields: ReserveFields = {};
  for (const name of RESERVE_FIELDS[form.kind]) {
    const value = form[name];
    if (value === undefined || value.length > FIELD_MAX) return null;
    fields[name] = value;
  }
  const label = (form.label ?? "").trim().slice(0, LABEL_MAX) || form.kind;
  return { kind: form.kind, fields, label };
}

/** The cart in the request's cookie; anything that is not a well-formed cart reads as empty. */
export function readCart(c: Context<HttpEnv>): CartItem[] {
  const raw = getCookie(c, CART_COOKIE);
  if (!raw || raw.length > 4000) return [];
  try {
    const parsed: unknown = JSON.parse(textFromBase64Url(raw) ?? "null");
    if (!Array.isArray(parsed) || parsed.length > CART_LIMIT) return [];
    const items = parsed.map((entry) => {
      if (typeof entry !== "object" || entry === null) return null;
      const { kind, fields, label } = entry as { kind?: unknown; fields?: unknown; label?: unknown };
      if (typeof fields !== "object" || fields === null || typeof label !== "string") return null;
      const flat = Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === "string"));
      return cartItemOf({ ...flat, kind: typeof kind === "string" ? kind : undefined, label });
    });
    return items.every((i) => i !== null) ? (items as CartItem[]) : [];
  } catch {
    return [];
  }
}

export function writeCart(c: Context<HttpEnv>, items: CartItem[]): void {
  if (items.length === 0) {
    deleteCookie(c, CART_COOKIE, { path: "/", secure: true });
    return;
  }
  const value = toBase64Url(utf8(JSON.stringify(items)));
  setCookie(c, CART_COOKIE, value, { path: "/", httpOnly: true, secure: true, sameSite: "Lax", maxAge: MAX_AGE_S });
}

/**
 * How many travellers the cart's parts take, as the booking will check it (one party goes on every
 * part): a departure or itinerary exactly its passengers, an event 1 to its tickets, a stay 1 to its
 * guests. `min > max` means no one party fits every part.
 */
export function partyRange(items: CartItem[]): { min: number; max: number } {
  const n = (item: CartItem, name: string) => Math.max(0, Number(item.fields[name]) || 0);
  let min = 1;
  let max = Number.POSITIVE_INFINITY;
  for (const item of items) {
    if (item.kind === "departure" || item.kind === "itinerary") {
      min = Math.max(min, n(item, "passengers"));
      max = Math.min(max, n(item, "passengers"));
    } else if (item.kind === "event") {
      max = Math.min(max, n(item, "quantity"));
    } else {
      max = Math.min(max, n(item, "adults") + n(item, "children"));
    }
  }
  return { min, max };
}
