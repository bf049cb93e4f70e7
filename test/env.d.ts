import type { D1Migration } from "cloudflare:test";
import type { Secrets } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends Secrets {
      TEST_MIGRATIONS: D1Migration[];
      /** An empty second database (vitest.config.ts) the backup test restores into. */
      RESTORE_DB: D1Database;
      /** The run's Upstash REST bridge (test/global-setup.ts); use envWithRedis() rather than these. */
      TEST_REDIS_URL: string;
      TEST_REDIS_TOKEN: string;
    }
  }
}
