import type { Context, MiddlewareHandler } from "hono";
import { ownsUnit } from "../../accounts/roles";
import type { SessionPrincipal } from "../../accounts/sessions";
import type { ApiKeyScope, Role } from "../../db/schema";
import { type Answers, answering } from "../answers";
import { authBudget } from "../auth-budget";
import type { HttpEnv } from "../context";
import { accountOf, type Principal, principalOf } from "../principal";
import { ProblemError } from "../problem";

/**
 * Who may call an operation, declared once per route in its `middleware` list. Each rule is
 * tagged for the OpenAPI document (its `security`, its refusals, and `x-edgefare-access`, which
 * test/authorization-matrix.test.ts reads to check every route against every kind of caller).
 *
 * - `open(scope)`: anyone, guests included; a partner key must hold `scope`.
 * - `signedIn()`: a traveller's, organiser's or admin's session (not a key: keys are for partners).
 * - `role("admin")`: an admin session or the bootstrap key.
 * - `inventory(unitOf)`: an admin, or an organiser (session, or a key with `manage:inventory`)
 *   who owns the unit the request names.
 * - `organiser()`: an organiser or admin session, or an organiser's key with `manage:inventory`.
 */
export type AccessRule =
  | { kind: "open"; scope: ApiKeyScope | null }
  | { kind: "signed-in" }
  | { kind: "admin" }
  | { kind: "inventory" }
  | { kind: "organiser" };

/** The credentials of accounts, for the document's `securitySchemes` (beside `adminKey`, the bootstrap key). */
export const ACCOUNT_SECURITY_SCHEMES = {
  session: {
    type: "apiKey",
    in: "cookie",
    name: "__Host-ef_session",
    description: "A browser session, set by signing in (HttpOnly, Secure, SameSite=Lax)",
  },
  sessionToken: {
    type: "http",
    scheme: "bearer",
    description: "`Authorization: Bearer efs_…`: a session token for apps (sign in with `mode: bearer`)",
  },
  apiKey: {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
    description: "A partner API key (`efk_…`, also as `Authorization: Bearer efk_…`); scopes in brackets",
  },
} as const;

const SESSIONS: Record<string, string[]>[] = [{ session: [] }, { sessionToken: [] }];
const UNAUTHENTICATED = { status: 401, description: "`UNAUTHENTICATED`: no credential, or one that does not verify" };
const LIMITED = { status: 429, description: "`RATE_LIMITED`: too many failed authentications from this network" };
const CSRF = { status: 403, description: "`CROSS_SITE_REQUEST`: a cookie-authenticated write from another origin" };

export const access = {
  open(scope: ApiKeyScope | null): MiddlewareHandler<HttpEnv> {
    return tagged(
      { kind: "open", scope },
      async (c, next) => {
        const key = c.get("apiKey");
        if (scope && key && !key.scopes.includes(scope)) throw insufficientScope(scope);
        await next();
      },
      {
        security: [{}, { apiKey: [] }],
        problems: scope
          ? [{ status: 403, description: `\`INSUFFICIENT_SCOPE\`: a partner key without \`${scope}\`` }]
          : [],
      },
    );
  },
  signedIn(): MiddlewareHandler<HttpEnv> {
    return tagged(
      { kind: "signed-in" },
      async (c, next) => {
        const p = await authenticated(c);
        if (p.kind !== "session") throw sessionRequired();
        await next();
      },
      {
        security: SESSIONS,
        problems: [
          UNAUTHENTICATED,
          LIMITED,
          CSRF,
          { status: 403, description: "`SESSION_REQUIRED`: an API key or the admin key" },
        ],
      },
    );
  },
  role(role: "admin"): MiddlewareHandler<HttpEnv> {
    return tagged(
      { kind: "admin" },
      async (c, next) => {
        const p = await authenticated(c);
        if (p.kind === "bootstrap" || (p.kind === "session" && p.session.role === role)) return next();
        throw ProblemError.of("FORBIDDEN", "Only an admin may use operator routes.");
      },
      {
        security: [...SESSIONS, { adminKey: [] }],
        problems: [UNAUTHENTICATED, LIMITED, CSRF, { status: 403, description: "`FORBIDDEN`: not an admin" }],
      },
    );
  },
  /** `unitOf` reads the unit id from the request (a path parameter, or each item of a body). */
  inventory(unitOf: (c: Context<HttpEnv>) => Promise<string[]> | string[]): MiddlewareHandler<HttpEnv> {
    return tagged(
      { kind: "inventory" },
      async (c, next) => {
        const p = await authenticated(c);
        if (isAdmin(p)) return next();
        const account = organiserAccount(p);
        const units = await unitOf(c);
        const { db } = c.var.services;
        const owned = await Promise.all(units.map((u) => ownsUnit(db, account.accountId, u)));
        if (units.length === 0 || owned.includes(false)) {
          throw ProblemError.of("FORBIDDEN", "Organisers may change only the inventory assigned to them.");
        }
        await next();
      },
      {
        security: [...SESSIONS, { apiKey: ["manage:inventory"] }, { adminKey: [] }],
        problems: [
          UNAUTHENTICATED,
          LIMITED,
          CSRF,
          { status: 403, description: "`FORBIDDEN`/`INSUFFICIENT_SCOPE`: not the unit's organiser, nor an admin" },
        ],
      },
    );
  },
  organiser(): MiddlewareHandler<HttpEnv> {
    return tagged(
      { kind: "organiser" },
      async (c, next) => {
        const p = await authenticated(c);
        // An admin session, not the bootstrap key: what an organiser sees is an account's own.
        if (!(p.kind === "session" && p.session.role === "admin")) organiserAccount(p);
        await next();
      },
      {
        security: [...SESSIONS, { apiKey: ["manage:inventory"] }],
        problems: [
          UNAUTHENTICATED,
          LIMITED,
          CSRF,
          { status: 403, description: "`FORBIDDEN`/`INSUFFICIENT_SCOPE`: not an organiser" },
        ],
      },
    );
  },
};

/**
 * The session behind a request on an open route, or null for a guest, a partner key or the
 * bootstrap key (a booking made with a key is the partner's customer's, not the key owner's).
 * A credential that does not verify, or a cookie write from another origin, is refused as on a
 * signed-in route: the caller meant to act as someone and could not prove it.
 */
export async function sessionIfAny(c: Context<HttpEnv>): Promise<SessionPrincipal | null> {
  const p = await principalOf(c);
  if (p.kind !== "session" && p.kind !== "invalid") return null;
  const checked = await authenticated(c);
  return checked.kind === "session" ? checked.session : null;
}

/** The session of a request that passed `access.signedIn()`. */
export async function signedInSession(c: Context<HttpEnv>): Promise<SessionPrincipal> {
  const p = await principalOf(c);
  if (p.kind !== "session") throw sessionRequired();
  return p.session;
}

/** The account an organiser route acts for (a session's or a key's); anyone else is refused. */
export async function organiserOrAdmin(c: Context<HttpEnv>): Promise<{ accountId: string; role: Role }> {
  const account = accountOf(await principalOf(c));
  if (!account) throw ProblemError.of("FORBIDDEN", "Only an organiser (or an admin) may do this.");
  return account;
}

const isAdmin = (p: Principal) => p.kind === "bootstrap" || (p.kind === "session" && p.session.role === "admin");

/** The organiser behind a session or a key with `manage:inventory`; otherwise a refusal. */
function organiserAccount(p: Principal): { accountId: string; role: Role } {
  if (p.kind === "key" && !p.key.scopes.includes("manage:inventory")) throw insufficientScope("manage:inventory");
  const account = accountOf(p);
  if (account?.role !== "organiser") {
    throw ProblemError.of("FORBIDDEN", "Only an organiser (or an admin) may do this.");
  }
  return account;
}

/** The principal, or a refusal: none (401), a credential that does not verify (401, spends `auth`), CSRF (403). */
async function authenticated(c: Context<HttpEnv>): Promise<Principal> {
  const { log } = c.var.services;
  const { guard, caller } = await authBudget(c);
  const p = await principalOf(c);
  if (p.kind === "anonymous") {
    throw new ProblemError(
      {
        code: "UNAUTHENTICATED",
        detail: "Sign in (a session cookie or `Authorization: Bearer efs_…`), or send an API key.",
      },
      { "www-authenticate": 'Bearer realm="edgefare"' },
    );
  }
  if (p.kind === "invalid") {
    await guard.fail(caller);
    log.warn("auth_failed", { credential: p.credential, caller, path: c.req.path });
    throw new ProblemError(
      { code: "UNAUTHENTICATED", detail: "The credential is not valid: unknown, expired or revoked." },
      { "www-authenticate": 'Bearer realm="edgefare", error="invalid_token"' },
    );
  }
  if (p.kind === "session" && p.via === "cookie" && !SAFE.has(c.req.method) && !sameOrigin(c)) {
    throw ProblemError.of(
      "CROSS_SITE_REQUEST",
      "Writes signed in by cookie must come from this site; apps use a bearer token.",
    );
  }
  return p;
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A browser always sends Origin on a cross-origin write, and Sec-Fetch-Site on every request;
 * anything without either is not a browser page and gets no cookie-authenticated write either.
 */
function sameOrigin(c: Context<HttpEnv>): boolean {
  const origin = c.req.header("origin");
  if (origin) return origin === new URL(c.req.url).origin;
  return c.req.header("sec-fetch-site") === "same-origin";
}

const insufficientScope = (scope: ApiKeyScope) =>
  ProblemError.of("INSUFFICIENT_SCOPE", `This API key lacks the '${scope}' scope.`, { required_scope: scope });

const sessionRequired = () =>
  ProblemError.of("SESSION_REQUIRED", "Sign in: this operation is for account holders, not API keys.");

function tagged(rule: AccessRule, handler: MiddlewareHandler<HttpEnv>, answers: Answers): MiddlewareHandler<HttpEnv> {
  return answering(handler, { ...answers, access: rule });
}
