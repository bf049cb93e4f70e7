import { env } from "cloudflare:test";
import { expect } from "vitest";
import type { InventoryRpc } from "../../src/inventory/contract";
import { signWebhook } from "../../src/payments/webhook-signature";
import { appClient } from "./app-client";

export const WEBHOOK_SECRET = "whsec_edgefare_faults";

/** The app with webhooks configured, called over fetch like the provider would. */
const hooks = appClient({ ...env, PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET });

export interface ProviderObject {
  id: string;
  status: string;
  metadata: { booking_id: string; payment_id: string };
}

/** A Stripe-shaped event body, as the provider sends it. */
export function providerEvent(type: string, object: ProviderObject, id = `evt_${crypto.randomUUID()}`): string {
  return JSON.stringify({ id, object: "event", type, data: { object } });
}

/** POSTs a body to the webhook route, signed with `secret` at `t` (unix seconds), or unsigned. */
export async function postWebhook(
  body: string,
  signing: { secret?: string; t?: number } | null = {},
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json", ...extraHeaders };
  if (signing) {
    const t = signing.t ?? Math.floor(Date.now() / 1000);
    headers["stripe-signature"] = await signWebhook(signing.secret ?? WEBHOOK_SECRET, body, t);
  }
  return hooks("/v1/webhooks/payments", { method: "POST", headers, body });
}

/** The object's counts, its ledger replay and the invariant all say the same thing. */
export async function expectSeats(
  inventory: Pick<InventoryRpc, "audit">,
  expected: Record<string, { capacity: number; held: number; sold: number }>,
): Promise<void> {
  expect(await inventory.audit()).toEqual({ ok: true, counts: expected, replayed: expected, violations: [] });
}
