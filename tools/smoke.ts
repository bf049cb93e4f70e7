/**
 * `npm run smoke`: the whole product on the real local stack, through HTTP only.
 *
 *   npm run smoke [-- --port N] [--no-redis] [--verbose] [--keep]
 *
 * Starts `node tools/dev.ts` (what `npm run dev` runs) on a free port with a fresh state
 * directory, then searches, holds, books, waits for the payment queue to confirm, reads the
 * confirmation email, fires every cron with a check of its effect, cancels and waits for the
 * refund; then a stay the same way (hold one night, book, confirmed, cancel, refunded); then an
 * event (search, hold a ticket, book, confirmed, the email's ticket code, QR image and .ics, the
 * code verified offline, check-in, a second scan refused, the refund quote, cancel and refund);
 * then a trip (a connecting itinerary, a night and a ticket held as one, booked with one charge,
 * one item cancelled and refunded by its quote). One line per step; the first surprise stops the
 * run with the response body and the end of the stack's output. Everything started is stopped,
 * on failure and on Ctrl-C too.
 * Exit code 0 only when every step passed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PRODUCT_SEEDS } from "../src/products/seeds.ts";
import { webSearch } from "./smoke/browser.ts";
import * as web from "./smoke/browser-journeys.ts";
import { Api, SmokeFailure } from "./smoke/client.ts";
import { organiserConsole } from "./smoke/console.ts";
import { CRON_CHECKS, cronStepName } from "./smoke/crons.ts";
import { docs } from "./smoke/docs.ts";
import * as eventJourney from "./smoke/events.ts";
import * as journey from "./smoke/journey.ts";
import { indent, Runner, RunStopped } from "./smoke/runner.ts";
import { screenshot } from "./smoke/screenshots.ts";
import { DevStack, freePort, isListening } from "./smoke/stack.ts";
import * as stay from "./smoke/stay.ts";
import * as tripJourney from "./smoke/trip.ts";

const { values: opts } = parseArgs({
  options: {
    port: { type: "string" },
    "no-redis": { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});

const READY_TIMEOUT_MS = 180_000;
const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const tomorrow = isoDay(1);

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), "edgefare-smoke-"));
  const port = opts.port ? Number(opts.port) : await freePort();
  const redis = !opts["no-redis"];
  const runner = new Runner();
  const stack = new DevStack({
    port,
    stateDir: path.join(dir, "state"),
    logFile: path.join(dir, "dev.log"),
    redis,
    adminKey: `smoke-${crypto.randomUUID()}`,
    echo: opts.verbose,
  });
  const s: journey.JourneyState = {
    api: new Api(stack.baseUrl, "traveller"),
    stack,
    trip: { origin: "LON", destination: "PAR", date: tomorrow, passengers: 2 },
    contact: `traveller-${crypto.randomUUID().slice(0, 8)}@example.com`,
  };
  const st: stay.StayState = {
    api: s.api.as("stayGuest"),
    city: "PAR",
    checkIn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    contact: `guest-${crypto.randomUUID().slice(0, 8)}@example.com`,
  };
  const e: eventJourney.EventJourneyState = { api: s.api.as("ticketBuyer"), stack, contact: s.contact };
  const t: tripJourney.TripJourneyState = {
    api: s.api.as("tripPlanner"),
    stack,
    contact: `trip-${crypto.randomUUID().slice(0, 8)}@example.com`,
  };
  const w: web.WebState = {
    baseUrl: stack.baseUrl,
    trip: s.trip,
    // Other nights than the HTTP stay journey's, whose rooms-left counts this must not move.
    stay: { city: st.city, checkIn: isoDay(18), checkOut: isoDay(20) },
  };
  let mark = 0;
  let eventMark = 0;
  const steps: [string, () => Promise<string>][] = [
    ["start", () => start(stack)],
    ["health", () => journey.health(s)],
    ["docs", () => docs(stack.baseUrl)],
    ["search (origin)", () => journey.firstSearch(s)],
    ["search (memory)", () => journey.repeatSearch(s)],
    ["web app (Chromium)", () => webSearch(stack.baseUrl, s.trip)],
    ["web departure", () => web.webDeparture(w)],
    ["web stay", () => web.webStay(w)],
    ["web event", () => web.webEvent(w)],
    ["web live update", () => web.webLive(w)],
    ["web cart", () => web.webCart(w)],
    ["web sign-in", () => web.webSignIn(w, stack)],
    ["hold", () => journey.hold(s)],
    [
      "book",
      () => {
        mark = stack.lines.length;
        return journey.book(s);
      },
    ],
    ["confirmed", () => journey.confirmed(s)],
    ["confirmation email", () => journey.email(s, "Booking confirmed: ", mark)],
    [cronStepName("reminders"), () => CRON_CHECKS.reminders(s)],
    [
      "cancel",
      () => {
        mark = stack.lines.length;
        return journey.cancel(s);
      },
    ],
    ["refunded", () => journey.refunded(s)],
    ["cancellation email", () => journey.email(s, "Booking cancelled: ", mark)],
    ["stay search", () => stay.search(st)],
    ["stay hold", () => stay.hold(st)],
    ["stay book", () => stay.book(st)],
    ["stay confirmed", () => stay.confirmed(st)],
    ["stay cancel and refund", () => stay.cancel(st)],
    ["event search", () => eventJourney.findEvent(e)],
    ["event hold", () => eventJourney.holdTicket(e)],
    [
      "event book",
      () => {
        eventMark = stack.lines.length;
        return eventJourney.bookTicket(e);
      },
    ],
    ["event confirmed", () => eventJourney.ticketConfirmed(e)],
    ["event email (code, QR, .ics)", () => eventJourney.ticketEmail(e, eventMark)],
    ["event ticket offline", () => eventJourney.ticketOffline(e)],
    ["event check-in", () => eventJourney.checkIn(e)],
    ["event second scan refused", () => eventJourney.secondScan(e)],
    ["event refund quote", () => eventJourney.refundQuote(e)],
    ["event cancel and refund", () => eventJourney.cancelTicket(e)],
    ["trip search", () => tripJourney.findParts(t)],
    ["trip hold", () => tripJourney.holdTrip(t)],
    [
      "trip book",
      () => {
        mark = stack.lines.length;
        return tripJourney.bookTrip(t);
      },
    ],
    ["trip confirmed", () => tripJourney.tripConfirmed(t)],
    ["trip email", () => tripJourney.tripEmail(t, mark)],
    ["trip item cancel", () => tripJourney.cancelTripItem(t)],
    ["trip item refunded", () => tripJourney.tripItemRefunded(t)],
    ["organiser console (Chromium)", () => organiserConsole({ api: s.api.as("organiser"), stack, shoot: screenshot })],
    [cronStepName("reconcile"), () => CRON_CHECKS.reconcile(s)],
    [cronStepName("refreshPopularRoutes"), () => CRON_CHECKS.refreshPopularRoutes(s)],
    [cronStepName("cleanup"), () => CRON_CHECKS.cleanup(s)],
    ["emails", () => journey.allEmails(s)],
  ];
  const planned = [...steps.map(([name]) => name), "stop"];

  process.once("exit", () => stack.killNow());
  // A rejection nobody awaits (a browser's event, a stray timer) would otherwise end the run with
  // its text on stderr only and no step marked failed (seen once in the console step): say what
  // it was where the steps are, and let the step that owns it pass or fail on its own checks.
  process.on("unhandledRejection", (reason) => {
    console.log(
      `smoke: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
    );
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      console.log(`\nsmoke: ${signal}, stopping the stack`);
      void stack.stop().finally(() => {
        console.log(`smoke: interrupted, everything it started is stopped; state and log in ${dir}`);
        process.exit(130);
      });
    });
  }

  console.log(`smoke: ${stack.command}`);
  try {
    for (const [name, work] of steps) await runner.step(name, work);
  } catch (error) {
    if (!(error instanceof RunStopped)) console.log(`smoke: ${error instanceof Error ? error.stack : String(error)}`);
    console.log(`\n--- last lines of dev.ts's output (all of it: ${stack.options.logFile}) ---`);
    console.log(indent(stack.tail(40).join("\n"), "  "));
  }
  const reloads = stack.reloads();
  if (reloads > 0) {
    console.log(
      `smoke: note: wrangler dev reloaded ${reloads} time(s) during the run because source files changed; ` +
        "a reload restarts the Worker and can drop messages in flight in the local queues, so a failure after one may not be the code's fault",
    );
  }
  await runner.step("stop", () => stop(stack, port)).catch(() => undefined);
  const passed = runner.results.length === planned.length && runner.results.every((r) => r.ok);
  console.log(runner.summary(planned));
  if (passed && !opts.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`smoke: state and dev.ts's log kept in ${dir}`);
  return passed ? 0 : 1;
}

async function start(stack: DevStack): Promise<string> {
  if (await isListening(stack.options.port)) throw new SmokeFailure(`port ${stack.options.port} is already in use`);
  stack.start();
  const ready = `[dev] ready: ${stack.baseUrl}`;
  try {
    await stack.waitForLine((line) => line.startsWith(ready) || line.includes("did not answer"), READY_TIMEOUT_MS);
  } catch (error) {
    throw new SmokeFailure(`${stack.command}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const line = stack.lines.find((l) => l.startsWith(ready));
  if (!line) throw new SmokeFailure(`${stack.command}: wrangler dev did not answer /health`);
  // tools/seed.ts ends with "[seed] done: <rows per table> in <n> file(s), <time>"; every product must be in it.
  const seeded = /^\[seed\] done: (.*) in \d+ file/.exec(stack.lines.find((l) => l.startsWith("[seed] done:")) ?? "");
  if (!seeded?.[1])
    throw new SmokeFailure(`${stack.command}: no "[seed] done:" line: the fresh database was not seeded`);
  const missing = Object.entries(PRODUCT_SEEDS).filter(([, p]) => !seeded[1]?.includes(p.table.replaceAll("_", " ")));
  if (missing.length > 0) {
    throw new SmokeFailure(`the seed loaded no ${missing.map(([product]) => product).join(", ")}: ${seeded[0]}`);
  }
  return `seeded ${seeded[1]}; ${line.replace("[dev] ", "").replace(/; admin key "[^"]*"/, "")}`;
}

async function stop(stack: DevStack, port: number): Promise<string> {
  if (!stack.started) return "nothing was started";
  const { forced, orphans } = await stack.stop();
  if (forced) throw new SmokeFailure("dev.ts did not exit within 15 s of SIGTERM: its process group was killed");
  if (orphans.length > 0) {
    throw new SmokeFailure(`${orphans.length} process(es) outlived dev.ts and had to be killed`, orphans.join("\n"));
  }
  if (await isListening(port)) throw new SmokeFailure(`something still listens on port ${port}`);
  return `dev.ts, wrangler, workerd${stack.options.redis ? " and Redis" : ""} gone; port ${port} closed`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`smoke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
