import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Database = ReturnType<typeof build>;

const build = (d1: D1Database | D1DatabaseSession) => drizzle(d1 as D1Database, { schema });

/**
 * drizzle's constructor walks the whole schema to build its relational config, a measurable part
 * of a short request; a binding (or a session) gets one instance for as long as it lives.
 */
const instances = new WeakMap<object, Database>();

export function createDb(d1: D1Database | D1DatabaseSession): Database {
  let db = instances.get(d1);
  if (!db) {
    db = build(d1);
    instances.set(d1, db);
  }
  return db;
}
