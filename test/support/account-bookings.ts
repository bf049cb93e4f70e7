import { env } from "cloudflare:test";
import { expect } from "vitest";
import type { SignedIn } from "./accounts";
import { api } from "./app-client";
import { API, bookingBody, placeHold } from "./bookings";
import { seedDeparture } from "./inventory";
import { uniqueCaller } from "./limited-app";

export interface Booked {
  id: string;
  reference: string;
  owner_token: string;
}

/** A booking through the API: signed in as `who`, or a guest. */
export async function bookAs(
  who: SignedIn | null,
  label: string,
  passengers = [{ given_name: "Ada", family_name: "Lovelace", birth_date: "1815-12-10" }],
  contactEmail = "ada@example.com",
  // Accepted but processing: the background payment consumer leaves the status to the test (settle).
  paymentToken = "tok_pending",
): Promise<Booked> {
  const hold = await placeHold(await seedDeparture(label), passengers.length);
  const body = { ...bookingBody(hold.id, paymentToken, passengers), contact: { email: contactEmail } };
  const headers: Record<string, string> = { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip };
  if (who) headers.authorization = who.bearer;
  const res = await api(`${API}/v1/bookings`, { method: "POST", headers, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
  return res.json<Booked>();
}

/** Sets what the background payment would, so a test does not race the real queue consumer. */
export async function settle(bookingId: string, status: string, createdAt?: number): Promise<void> {
  await env.DB.prepare("UPDATE bookings SET status = ?, created_at = COALESCE(?, created_at) WHERE id = ?")
    .bind(status, createdAt ?? null, bookingId)
    .run();
}

/** Moves a booking's items to start (and end) at the given epoch seconds. */
export async function itemsAt(bookingId: string, startsAt: number, endsAt: number | null = null): Promise<void> {
  await env.DB.prepare("UPDATE booking_items SET starts_at = ?, ends_at = ? WHERE booking_id = ?")
    .bind(startsAt, endsAt, bookingId)
    .run();
}

export function as(who: SignedIn, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", who.bearer);
  headers.set("cf-connecting-ip", uniqueCaller().ip);
  if (init.body) headers.set("content-type", "application/json");
  return api(`${API}${path}`, { ...init, headers });
}
