import { lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { magicLinks, sessions, webauthnChallenges } from "../db/schema";
import type { Logger } from "../lib/logger";
import { purgeSignInAttempts } from "./attempts";
import { purgeAccountTrips } from "./my-trips";
import { nowSeconds } from "./tokens";

/**
 * Nightly: expired sessions, links and challenges, closed attempt windows, and the account_trips
 * rows of trips their coordinators have forgotten. Each is refused
 * once expired anyway (every lookup checks the time); this only keeps the tables small. One batch.
 */
export async function purgeExpiredCredentials({
  deps,
  now,
}: {
  deps: { db: Database; log: Logger };
  now: number;
}): Promise<{ deleted: number }> {
  const at = nowSeconds(now);
  const [s, m, c, a, t] = await deps.db.batch([
    deps.db.delete(sessions).where(lt(sessions.expiresAt, at)),
    deps.db.delete(magicLinks).where(lt(magicLinks.expiresAt, at)),
    deps.db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, at)),
    purgeSignInAttempts(deps.db, now),
    purgeAccountTrips(deps.db, now),
  ]);
  const deleted = [s, m, c, a, t].reduce((n, r) => n + (r?.meta.changes ?? 0), 0);
  if (deleted > 0) deps.log.info("credentials_purged", { deleted });
  return { deleted };
}
