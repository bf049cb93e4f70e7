import type { AppEnv } from "../env";
import type { PaymentProvider } from "./provider";
import { createSandboxProvider } from "./sandbox";
import { createStripeProvider, type StripeConfig } from "./stripe";

export type ProviderChoice = { ok: true; provider: PaymentProvider } | { ok: false; reason: string };

/**
 * PAYMENT_PROVIDER picks the provider (sandbox by default). Stripe without STRIPE_SECRET_KEY is
 * a configuration error that disables payments, not the Worker: bookings answer 503 until fixed.
 * So is the sandbox in production: it confirms bookings without taking any money.
 */
export function paymentProviderFromEnv(
  env: Pick<AppEnv, "ENVIRONMENT" | "PAYMENT_PROVIDER" | "STRIPE_SECRET_KEY" | "STRIPE_API_BASE">,
  overrides: Pick<StripeConfig, "fetch" | "timeoutMs"> = {},
): ProviderChoice {
  const name = (env.PAYMENT_PROVIDER ?? "sandbox").trim() || "sandbox";
  if (name === "sandbox") {
    if (env.ENVIRONMENT === "production") {
      return { ok: false, reason: "PAYMENT_PROVIDER is sandbox, which takes no money, and ENVIRONMENT is production" };
    }
    return { ok: true, provider: createSandboxProvider() };
  }
  if (name === "stripe") {
    if (!env.STRIPE_SECRET_KEY)
      return { ok: false, reason: "PAYMENT_PROVIDER is stripe but STRIPE_SECRET_KEY is not set" };
    return {
      ok: true,
      provider: createStripeProvider({
        secretKey: env.STRIPE_SECRET_KEY,
        ...(env.STRIPE_API_BASE ? { apiBase: env.STRIPE_API_BASE } : {}),
        ...overrides,
      }),
    };
  }
  return { ok: false, reason: `unknown PAYMENT_PROVIDER "${name}" (expected sandbox or stripe)` };
}
