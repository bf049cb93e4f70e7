import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PLACES } from "../src/places/catalog.ts";
import { placesStatements } from "../src/places/seed.ts";
import { generateSchedule } from "../src/products/departures/seed/generator.ts";
import { scheduleStatements } from "../src/products/departures/seed/sql.ts";
import type { GeneratedDeparture } from "../src/products/departures/seed/types.ts";
import { eventsSeed } from "../src/products/events/seed/index.ts";
import { DEFAULT_SEED_DAYS } from "../src/products/seed.ts";
import { staysSeed } from "../src/products/stays/seed/sql.ts";
import type { Bundle } from "./build.ts";
import { startWorker } from "./worker.ts";

export interface SeededState {
  /** Miniflare persistence directory for this run (a fresh copy: KV and objects start empty). */
  dir: string;
  departures: number;
  /** "fresh" when generated and loaded now, "cache" when copied from an earlier run's load. */
  source: "fresh" | "cache";
  ms: number;
  freshLoadMs: number;
}

const SEED = 42;

/**
 * Loading the large seed through D1 takes ~10 s; copying a database loaded earlier takes well
 * under one. The copy is reused only while the schema, the generator and the start date are
 * unchanged (all in the cache key).
 */
export async function seededState(a: {
  root: string;
  outDir: string;
  /** Where this run's Miniflare state lives (emptied first). */
  runDir: string;
  bundle: Bundle;
  size: "small" | "large";
  startDate: string;
}): Promise<SeededState> {
  const started = performance.now();
  const key = cacheKey(a.root, a.size, a.startDate);
  const cacheRoot = path.join(a.outDir, "seed");
  const template = path.join(cacheRoot, key);
  const marker = path.join(template, "seed.json");
  let source: SeededState["source"] = "cache";
  if (!existsSync(marker)) {
    source = "fresh";
    rmSync(cacheRoot, { recursive: true, force: true });
    mkdirSync(template, { recursive: true });
    const loaded = await loadSeed({ ...a, dir: template });
    writeFileSync(marker, JSON.stringify(loaded));
  }
  const meta = JSON.parse(readFileSync(marker, "utf8")) as { departures: number; ms: number };
  const dir = a.runDir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(template, "d1"), path.join(dir, "d1"), { recursive: true });
  return { dir, departures: meta.departures, source, ms: performance.now() - started, freshLoadMs: meta.ms };
}

async function loadSeed(a: { root: string; bundle: Bundle; size: "small" | "large"; startDate: string; dir: string }) {
  const started = performance.now();
  const worker = await startWorker({
    root: a.root,
    bundle: a.bundle,
    persistDir: a.dir,
    vars: {},
    probePath: "/health",
  });
  try {
    const db = await worker.mf.getD1Database("DB");
    for (const file of readdirSync(path.join(a.root, "migrations"))
      .filter((f) => f.endsWith(".sql"))
      .sort()) {
      const sql = readFileSync(path.join(a.root, "migrations", file), "utf8");
      const statements = sql
        .split("--> statement-breakpoint")
        .map((s) => s.trim())
        .filter(Boolean);
      await db.batch(statements.map((s) => db.prepare(s)));
    }
    await db.batch(placesStatements(PLACES).map((s) => db.prepare(s)));
    let departures = 0;
    let batch: GeneratedDeparture[] = [];
    const flush = async () => {
      await db.batch(scheduleStatements(batch).map((s) => db.prepare(s)));
      departures += batch.length;
      batch = [];
    };
    const days = DEFAULT_SEED_DAYS[a.size];
    for (const item of generateSchedule({ seed: SEED, startDate: a.startDate, days, size: a.size })) {
      batch.push(item);
      if (batch.length >= 5_000) await flush();
    }
    if (batch.length > 0) await flush();
    // The stays catalogue (properties, room types, overrides, closures) for the stays scenarios.
    for (const chunk of staysSeed.sqlChunks({ seed: SEED, startDate: a.startDate, size: a.size, days })) {
      for (let i = 0; i < chunk.statements.length; i += 50) {
        await db.batch(chunk.statements.slice(i, i + 50).map((s) => db.prepare(s)));
      }
    }
    // The events catalogue (venues, events, tiers) for the events scenarios, as `npm run seed` loads it.
    for (const chunk of eventsSeed.sqlChunks({ seed: SEED, startDate: a.startDate, size: a.size, days })) {
      await db.batch(chunk.statements.map((s) => db.prepare(s)));
    }
    return { departures, ms: performance.now() - started };
  } finally {
    await worker.close();
  }
}

function cacheKey(root: string, size: string, startDate: string): string {
  const hash = createHash("sha256").update(`${size}|${startDate}|${SEED}`);
  for (const dir of [
    "migrations",
    "src/products/departures/seed",
    "src/products/stays/seed",
    "src/products/events/seed",
    "src/places",
    "src/lib",
    "src/db",
  ]) {
    for (const file of readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" }).sort()) {
      const full = path.join(root, dir, file);
      if (/\.(sql|ts|json)$/.test(file)) hash.update(file).update(readFileSync(full));
    }
  }
  return `${size}-${startDate}-${hash.digest("hex").slice(0, 12)}`;
}
