import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { fakeStripeFetch } from "./test/support/fake-stripe.ts";
import { generateTicketKey } from "./test/support/ticket-keys.ts";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  // A key made for this run: no test depends on a key that is written down anywhere.
  const ticketKey = await generateTicketKey("test-1");
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        // The plugin runs workerd with --verbose by default, which logs every failed subrequest as an
        // "uncaught exception" with raw stack addresses even when the Worker handles the rejection
        // (the Redis fault tests cause dozens). A rejection nobody handles still fails the run:
        // vitest reports it as an unhandled error.
        verbose: false,
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_API_KEY: "test-admin-key",
            ENVIRONMENT: "test",
            TICKET_SIGNING_KEY: ticketKey.secret,
            ...inject("redisBindings"),
          },
          // A second, empty database: the backup test restores into it (test/backup-restore.test.ts).
          d1Databases: { RESTORE_DB: "restore-db" },
          // A Node-side fake of Stripe's API, reached over Miniflare's loopback HTTP (test/support/fake-stripe.ts).
          serviceBindings: { FAKE_STRIPE: fakeStripeFetch },
        },
      })),
    ],
    test: {
      globalSetup: ["./test/global-setup.ts"],
      setupFiles: ["./test/setup.ts"],
      include: ["test/**/*.test.ts", "src/**/*.test.ts"],
      // Chosen, not defaulted: each file gets a fresh worker, because module state (the Redis
      // database a file leases, isolate caches) must belong to one file.
      isolate: true,
      // The Worker's structured log lines are expected output of the faults the tests inject; set
      // EDGEFARE_TEST_LOGS=1 to see them. Anything else written to the console still shows.
      onConsoleLog: (log) => process.env.EDGEFARE_TEST_LOGS === "1" || !log.trimStart().startsWith('{"level":'),
      testTimeout: 20_000,
      hookTimeout: 60_000,
    },
  };
});
