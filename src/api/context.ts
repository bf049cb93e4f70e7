import type { OpenAPIHono } from "@hono/zod-openapi";
import type { VerifiedApiKey } from "../accounts/api-keys";
import type { AppEnv } from "../env";
import type { Caller } from "../ratelimit/caller";
import type { RateLimits } from "../ratelimit/limiters";
import type { Principal } from "./principal";
import type { ServerTiming } from "./server-timing";
import type { Services } from "./services";

export interface HttpVariables {
  requestId: string;
  services: Services;
  timing: ServerTiming;
  /** Set by routes that answer from the cache, for the request log line. */
  cacheTier?: string;
  /** Who is calling, for budgets: a verified key, else the client's network (src/ratelimit/caller.ts). */
  caller: Caller;
  /** The isolate's rate limiters and token leases (set for every request by the app). */
  rateLimits: RateLimits;
  /** The partner key the request carried, verified (null when it carried none or one that failed). */
  apiKey: VerifiedApiKey | null;
  /** Who is acting, resolved on first use by the access checks (src/api/principal.ts). */
  principal?: Principal;
  /** Whose Idempotency-Keys these are (src/idempotency/request.ts): not the same thing as a budget. */
  idempotencyOwner: string;
}

export interface HttpEnv {
  Bindings: AppEnv;
  Variables: HttpVariables;
}

/** The app every route registers on (createApp in src/http/app.ts builds it). */
export type App = OpenAPIHono<HttpEnv>;
