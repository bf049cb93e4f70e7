/**
 * The accounts limits, declared once (docs/accounts.md explains each). Times in seconds.
 */
export const ACCOUNT_POLICY = {
  /** A session lives this long after its last renewal. */
  sessionTtlSeconds: 30 * 24 * 3600,
  /** A session used with less than this left is renewed (sliding expiry, at most ~one write per 15 days). */
  sessionRenewBelowSeconds: 15 * 24 * 3600,
  /**
   * No session outlives this from its sign-in, however often it is used or rotated: a stolen token
   * that is kept in use still dies, and the traveller signs in again (a link or a passkey) every 90 days.
   */
  sessionMaxLifetimeSeconds: 90 * 24 * 3600,
  magicLinkTtlSeconds: 15 * 60,
  challengeTtlSeconds: 5 * 60,
  /** Sign-in attempts (link requests, link uses, passkey sign-ins) per account and per network. */
  signInAttempts: { requests: 5, windowSeconds: 15 * 60 },
  /** An API key's last-used time is written at most this often. */
  apiKeyTouchSeconds: 60,
  maxApiKeysPerAccount: 20,
  /** Per-key budgets an account may set (requests per minute, every bucket). */
  apiKeyRateLimit: { min: 1, max: 10_000 },
} as const;

export const SESSION_COOKIE = "__Host-ef_session";
export const SESSION_TOKEN_PREFIX = "efs_";
export const API_KEY_PREFIX = "efk_";
