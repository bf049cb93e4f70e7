import { applyD1Migrations, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { exportDatabase } from "../src/backup/export";
import { checksum } from "../src/backup/format";
import { readManifest, restoreSql } from "../src/backup/restore";
import { r2Reader, restoreIntoD1 } from "../src/backup/restore-d1";
import { createApp } from "../src/http/app";
import { jsonLogger } from "../src/lib/logger";
import { appClient } from "./support/app-client";
import { book, chargeJobFor, deliver, placeHold } from "./support/bookings";
import { futureDay } from "./support/search-fixtures";
import { seedSmall } from "./support/seed";

/** No Redis and a fresh app (empty memory tier) per database: every answer comes from its D1. */
const noRedis = { UPSTASH_REDIS_REST_URL: undefined, UPSTASH_REDIS_REST_TOKEN: undefined };
const original = appClient({ ...env, ...noRedis }, createApp());
/** Its own app, so the setup's search leaves nothing in the memory tier the comparisons use. */
const setup = appClient({ ...env, ...noRedis }, createApp());
const restored = appClient({ ...env, ...noRedis, DB: env.RESTORE_DB }, createApp());

let prefix = "";
let reference = "";
const day = futureDay(2).date;

beforeAll(async () => {
  await seedSmall(env.DB);
  const search = await setup(`/v1/search?origin=LON&destination=PAR&date=${day}&passengers=1&limit=1`);
  const offer = (await search.json<{ data: { departure_id: string; fare_class: string }[] }>()).data[0];
  if (!offer) throw new Error("the seed has no LON-PAR offer");
  const seats = () =>
    env.DB.prepare("SELECT seats_available AS n FROM fare_classes WHERE departure_id = ? AND cabin = ?")
      .bind(offer.departure_id, offer.fare_class)
      .first<{ n: number }>()
      .then((r) => r?.n);
  const before = await seats();
  const hold = await placeHold(offer.departure_id, 1, offer.fare_class);
  const booked = await book(hold.id);
  reference = booked.reference;
  // Charged and confirmed before the export (the payment queue's own consumer may get there too:
  // a charge is idempotent), so the queue cannot move the original after the backup was taken.
  await deliver([await chargeJobFor(booked.id)]);
  const status = () =>
    env.DB.prepare("SELECT status FROM bookings WHERE id = ?")
      .bind(booked.id)
      .first<{ status: string }>()
      .then((r) => r?.status);
  for (let i = 0; i < 100 && (await status()) !== "confirmed"; i++) await new Promise((r) => setTimeout(r, 50));
  // The object publishes availability to D1 in the background: export after it landed, or the
  // original and the restored database differ by that write, not by the restore.
  for (let i = 0; i < 100 && (await seats()) === before; i++) await new Promise((r) => setTimeout(r, 50));

  const exported = await exportDatabase({
    deps: { d1: env.DB, bucket: env.BACKUPS, log: jsonLogger() },
    input: { now: Date.now() },
  });
  prefix = exported.prefix;
  await applyD1Migrations(env.RESTORE_DB, env.TEST_MIGRATIONS);
  await restoreIntoD1(env.RESTORE_DB, r2Reader(env.BACKUPS), prefix);
});

/** The body without what differs per request by design (request ids, read times). */
async function answer(res: Response) {
  const body = await res.json<Record<string, unknown>>();
  const { meta, ...rest } = body;
  const m = (meta ?? {}) as Record<string, unknown>;
  return { status: res.status, body: rest, tier: m.tier ?? null };
}

describe("a nightly backup restored into a fresh database", () => {
  it("has every row of every table it holds", async () => {
    const manifest = await readManifest(r2Reader(env.BACKUPS), prefix);
    expect(manifest.tables.map((t) => t.name)).toContain("bookings");
    for (const t of manifest.tables) {
      const [a, b] = await Promise.all(
        [env.DB, env.RESTORE_DB].map((d) => d.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).first<{ n: number }>()),
      );
      expect(b?.n, t.name).toBe(a?.n);
    }
  });

  it.each([
    `/v1/search?origin=LON&destination=PAR&date=${day}&passengers=2&limit=20`,
    `/v1/search?origin=DVR&destination=CQF&date=${day}&passengers=1`,
    "/v1/places?q=lon&limit=5",
  ])("answers %s the same", async (path) => {
    const [a, b] = await Promise.all([answer(await original(path)), answer(await restored(path))]);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    if (path.startsWith("/v1/search")) expect(b.tier).toBe("origin");
  });

  it("finds the same booking by reference and family name", async () => {
    const path = `/v1/bookings/${reference}?family_name=Lovelace`;
    const [a, b] = await Promise.all([answer(await original(path)), answer(await restored(path))]);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
  });

  it("refuses to restore over data", async () => {
    await expect(restoreIntoD1(env.RESTORE_DB, r2Reader(env.BACKUPS), prefix)).rejects.toThrow(
      /is not empty: restore into a fresh database/,
    );
  });

  it("refuses a chunk whose checksum does not match the manifest", async () => {
    const read = r2Reader(env.BACKUPS);
    const manifest = await readManifest(read, prefix);
    const table = manifest.tables.find((t) => t.name === "bookings");
    const key = table?.chunks[0]?.key ?? "";
    const tampered = async (k: string) => (k === key ? `${await read(k)}["forged"]\n` : read(k));
    expect(await checksum((await read(key)) ?? "")).toBe(table?.chunks[0]?.sha256);
    const drain = async () => {
      for await (const _ of restoreSql(tampered, manifest)) {
        // reading is the test
      }
    };
    await expect(drain()).rejects.toThrow(`Checksum mismatch in ${key}`);
  });
});
