import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { HttpEnv } from "../api/context";

/**
 * The booking's owner token, shown once by the API, kept where only this booking's pages get it
 * back: an HttpOnly cookie scoped to /manage/<reference>. It never appears in a URL or a page.
 */
const name = (reference: string) => `ef_booking_${reference}`;
const REFERENCE = /^[A-Z0-9]{1,32}$/;

export function keepOwnerToken(c: Context<HttpEnv>, reference: string, token: string): void {
  if (!REFERENCE.test(reference)) return;
  setCookie(c, name(reference), token, {
    path: `/manage/${reference}`,
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: 90 * 86_400,
  });
}

export function ownerTokenOf(c: Context<HttpEnv>, reference: string): string | undefined {
  return REFERENCE.test(reference) ? getCookie(c, name(reference)) : undefined;
}
