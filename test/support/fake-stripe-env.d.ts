declare global {
  namespace Cloudflare {
    interface Env {
      /** test/support/fake-stripe.ts, mounted by vitest.config.ts. */
      FAKE_STRIPE: Fetcher;
    }
  }
}

export {};
