import type { Fare } from "../fixtures.ts";
import { cpuWindow, handDrivenLoad, percentiles } from "../load.ts";
import { type BenchContext, costSnapshot, perUnit, repeated, type Scenario, sleep } from "../scenario.ts";
import { combineRuns } from "../stats.ts";

const POLL_MS = 100;
const GIVE_UP_MS = 30_000;

interface Timing {
  /** Hold placed until the booking reads as confirmed. */
  journeyMs: number;
  /** Booking accepted (202) until it reads as confirmed: the payment queue's share. */
  confirmationMs: number;
}

interface Tally {
  requests: number;
  latencies: number[];
  status: Record<string, number>;
  socketErrors: number;
  failures: string[];
}

async function call(ctx: BenchContext, tally: Tally, path: string, init?: RequestInit) {
  const started = performance.now();
  try {
    const res = await fetch(new URL(path, ctx.base), init);
    const body = (await res.json()) as Record<string, unknown>;
    tally.latencies.push(performance.now() - started);
    tally.requests++;
    tally.status[res.status] = (tally.status[res.status] ?? 0) + 1;
    return { res, body };
  } catch (error) {
    tally.socketErrors++;
    throw error;
  }
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** One traveller: hold a seat, book it with the sandbox card that succeeds, poll until confirmed. */
async function journey(ctx: BenchContext, tally: Tally, fare: Fare, n: number): Promise<Timing | null> {
  const started = performance.now();
  const hold = await call(
    ctx,
    tally,
    "/v1/holds",
    json({ departure_id: fare.departureId, cabin: fare.cabin, passengers: 1 }),
  );
  if (hold.res.status !== 201) return fail(tally, `hold ${hold.res.status} ${String(hold.body.code)}`);
  const booking = await call(
    ctx,
    tally,
    "/v1/bookings",
    json({
      hold_id: hold.body.id,
      passengers: [{ given_name: "Ada", family_name: "Lovelace" }],
      contact: { email: `bench+${n}@edgefare.example` },
      payment: { method: "card", token: "tok_success" },
    }),
  );
  if (booking.res.status !== 202) return fail(tally, `booking ${booking.res.status} ${String(booking.body.code)}`);
  const accepted = performance.now();
  const bookmark = booking.res.headers.get("x-d1-bookmark");
  const path = `/v1/bookings/${String(booking.body.reference)}?family_name=Lovelace`;
  while (performance.now() - accepted < GIVE_UP_MS) {
    await sleep(POLL_MS);
    const read = await call(ctx, tally, path, bookmark ? { headers: { "x-d1-bookmark": bookmark } } : undefined);
    const status = read.body.status;
    if (status === "confirmed") {
      const now = performance.now();
      return { journeyMs: now - started, confirmationMs: now - accepted };
    }
    if (read.res.status !== 200 || status !== "pending_payment")
      return fail(tally, `booking read ${read.res.status} ${String(status)}`);
  }
  return fail(tally, "not confirmed within 30 s");
}

function fail(tally: Tally, reason: string): null {
  if (tally.failures.length < 10) tally.failures.push(reason);
  return null;
}

/** Travellers looping for one repetition: what they did, as a load result, and their timings. */
async function travel(ctx: BenchContext, travellers: number, counter: { next: number }) {
  const fares = ctx.fixtures.journeyFares;
  const tally: Tally = { requests: 0, latencies: [], status: {}, socketErrors: 0, failures: [] };
  const timings: Timing[] = [];
  const cpuSeconds = cpuWindow(ctx.worker.workerdPid);
  const deadline = performance.now() + ctx.opts.duration * 1000;
  const started = performance.now();
  const firstJourney = counter.next;
  await Promise.all(
    Array.from({ length: travellers }, async () => {
      while (performance.now() < deadline) {
        const n = counter.next++;
        const fare = fares[n % fares.length] as Fare;
        const timing = await journey(ctx, tally, fare, n).catch((e: unknown) => fail(tally, String(e)));
        if (timing) timings.push(timing);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const load = handDrivenLoad(tally, {
    responses: tally.requests,
    sent: tally.requests,
    seconds,
    cpuSeconds: cpuSeconds(),
  });
  return { load, timings, attempted: counter.next - firstJourney, failures: tally.failures };
}

export const fullJourney: Scenario = {
  id: "journey",
  title: "Full journey: hold → book → confirmed",
  async run(ctx) {
    const travellers = ctx.opts.quick ? 4 : 8;
    const counter = { next: 0 };
    const before = await costSnapshot(ctx);
    const reps = await repeated(ctx, this.id, () => travel(ctx, travellers, counter));
    await sleep(1500);
    const after = await costSnapshot(ctx);
    const runs = reps.map((r) => r.load);
    const load = combineRuns(runs);
    const timings = reps.flatMap((r) => r.timings);
    const attempted = reps.reduce((n, r) => n + r.attempted, 0);
    const failures = reps.flatMap((r) => r.failures).slice(0, 10);
    return {
      id: this.id,
      title: this.title,
      method:
        `${travellers} travellers in a loop, each on its own departure: POST /v1/holds, POST /v1/bookings (sandbox ` +
        `token tok_success), then GET /v1/bookings/{reference}?family_name=… every ${POLL_MS} ms until confirmed. ` +
        "Payment runs on the PAYMENT_JOBS queue (batch timeout 1 s).",
      connections: travellers,
      load,
      runs,
      unit: "journey",
      requestsPerUnit: timings.length > 0 ? load.responses / timings.length : 0,
      costs: perUnit(before, after, timings.length),
      checks: [
        {
          name: "every journey ends confirmed",
          ok: timings.length === attempted,
          detail: `${timings.length} of ${attempted} confirmed${failures.length > 0 ? `; failures: ${failures.join("; ")}` : ""}`,
        },
      ],
      extra: {
        journeys: timings.length,
        journeysPerSecond: timings.length / load.seconds,
        timeToConfirmationMs: percentiles(Float64Array.from(timings.map((t) => t.confirmationMs))),
        journeyMs: percentiles(Float64Array.from(timings.map((t) => t.journeyMs))),
      },
    };
  },
};
