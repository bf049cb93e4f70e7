import { cronTable, ENGINE_CRON_TASKS } from "../src/cron/table";
import { PRODUCTS } from "../src/products/registry";

/** The one table of scheduled work: the engine's tasks and every registered product's, per trigger in CRONS. */
export const CRON_TASKS = cronTable(ENGINE_CRON_TASKS, PRODUCTS);
