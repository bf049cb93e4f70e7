import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BINDINGS, CRONS, QUEUES } from "../src/config";
import { PRODUCTS } from "../src/products/registry";
import { PRODUCT_SEEDS } from "../src/products/seeds";
import { QUEUE_ROUTES, WORK_QUEUES } from "../src/queues";
import { CRON_TASKS } from "../workers/cron";
// Bundled as text by Vite at transform time: the test runs inside workerd, which has no file system.
import wranglerToml from "../wrangler.toml?raw";

/** Only the parts of wrangler.toml that src/config.ts also declares. */
const WranglerSchema = z.object({
  d1_databases: z.array(z.object({ binding: z.string() })).default([]),
  kv_namespaces: z.array(z.object({ binding: z.string() })).default([]),
  durable_objects: z.object({ bindings: z.array(z.object({ name: z.string() })) }).optional(),
  send_email: z.array(z.object({ name: z.string() })).default([]),
  analytics_engine_datasets: z.array(z.object({ binding: z.string() })).default([]),
  r2_buckets: z.array(z.object({ binding: z.string() })).default([]),
  queues: z.object({
    producers: z.array(z.object({ binding: z.string(), queue: z.string() })),
    consumers: z.array(
      z.object({ queue: z.string(), dead_letter_queue: z.string().optional(), max_retries: z.number().optional() }),
    ),
  }),
  triggers: z.object({ crons: z.array(z.string()) }),
});

const wrangler = WranglerSchema.parse(parse(wranglerToml));
const sorted = (values: Iterable<string>) => [...values].sort();

describe("wrangler.toml and src/config.ts agree", () => {
  it("declare the same bindings", () => {
    const declared = [
      ...wrangler.d1_databases.map((d) => d.binding),
      ...wrangler.kv_namespaces.map((k) => k.binding),
      ...(wrangler.durable_objects?.bindings ?? []).map((d) => d.name),
      ...wrangler.queues.producers.map((p) => p.binding),
      ...wrangler.send_email.map((s) => s.name),
      ...wrangler.analytics_engine_datasets.map((a) => a.binding),
      ...wrangler.r2_buckets.map((r) => r.binding),
    ];
    expect(sorted(declared)).toEqual(sorted(Object.values(BINDINGS)));
  });

  it("send each producer binding to the queue the code expects", () => {
    const producers = Object.fromEntries(wrangler.queues.producers.map((p) => [p.binding, p.queue]));
    const expected = Object.fromEntries(WORK_QUEUES.map((q) => [QUEUE_ROUTES[q].producer, q]));
    expect(producers).toEqual(expected);
  });

  it("consume exactly the queues in QUEUES", () => {
    const consumed = wrangler.queues.consumers.map((c) => c.queue);
    expect(sorted(consumed)).toEqual(sorted(Object.values(QUEUES)));
    expect(new Set(consumed).size).toBe(consumed.length);
  });

  it("route each work queue's failures to its dead-letter queue after the same number of retries", () => {
    const withDlq = wrangler.queues.consumers.filter((c) => c.dead_letter_queue !== undefined);
    expect(
      Object.fromEntries(
        withDlq.map((c) => [c.queue, { deadLetterQueue: c.dead_letter_queue, maxRetries: c.max_retries }]),
      ),
    ).toEqual(
      Object.fromEntries(
        WORK_QUEUES.map((q) => [
          q,
          { deadLetterQueue: QUEUE_ROUTES[q].deadLetterQueue, maxRetries: QUEUE_ROUTES[q].maxRetries },
        ]),
      ),
    );
  });

  it("schedule exactly the crons in CRONS", () => {
    expect(sorted(wrangler.triggers.crons)).toEqual(sorted(Object.values(CRONS)));
    expect(new Set(wrangler.triggers.crons).size).toBe(wrangler.triggers.crons.length);
  });
});

describe("the cron table the Worker runs (engine tasks and every registered product's)", () => {
  it("gives every trigger wrangler.toml schedules at least one task, and names each task once", () => {
    expect(sorted(Object.keys(CRON_TASKS))).toEqual(sorted(Object.keys(CRONS)));
    for (const [job, tasks] of Object.entries(CRON_TASKS)) expect(tasks.length, job).toBeGreaterThan(0);
    const names = Object.values(CRON_TASKS).flatMap((tasks) => tasks.map((t) => t.name));
    expect(new Set(names).size).toBe(names.length);
  });

  it("runs each product's tasks on the trigger the product declares them for", () => {
    for (const product of PRODUCTS) {
      for (const [job, tasks] of Object.entries(product.cronTasks)) {
        for (const task of tasks) expect(CRON_TASKS[job as keyof typeof CRONS], product.id).toContain(task);
      }
    }
  });
});

describe("the product registry and the products' seeds agree", () => {
  it("seed every registered product, in the registry's order, and nothing else", () => {
    expect(Object.keys(PRODUCT_SEEDS)).toEqual(PRODUCTS.map((p) => p.id));
  });

  it("give every product its own id prefix", () => {
    const prefixes = PRODUCTS.map((p) => p.idPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});
