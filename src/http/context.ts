import type { AppEnv } from "../env";
import type { Services } from "../services";
import type { ServerTiming } from "./server-timing";

export interface HttpVariables {
  requestId: string;
  services: Services;
  timing: ServerTiming;
  /** Set by routes that answer from the cache, for the request log line. */
  cacheTier?: string;
  /** Who is calling, for rate-limit keys: the API key if one was sent, else the client IP. */
  clientKey: string;
}

export interface HttpEnv {
  Bindings: AppEnv;
  Variables: HttpVariables;
}
