import { cronTable, engineCronTasks } from "../src/cron/table";
import { productHooks } from "../src/http/product-hooks";
import { PRODUCTS } from "../src/products/registry";

/** The one table of scheduled work: the engine's tasks and every registered product's, per trigger in CRONS. */
export const CRON_TASKS = cronTable(engineCronTasks(productHooks), PRODUCTS);
