import { DurableObject } from "cloudflare:workers";
import type { AppEnv } from "../src/env";

/** One object per departure owns its seats. (Being built: see issue 3.) */
export class DepartureInventory extends DurableObject<AppEnv> {}
