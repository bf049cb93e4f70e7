/**
 * HTTP only, and loud: every call states the status it expects, and anything else stops the run
 * with the method, path, status, request id and the whole response body.
 */
import type { z } from "zod";
import { fromPerson, type Person } from "./people.ts";

export class SmokeFailure extends Error {
  readonly details: string | undefined;

  constructor(message: string, details?: string) {
    super(message);
    this.details = details;
  }
}

export function check(condition: unknown, message: string, details?: unknown): asserts condition {
  if (!condition) throw new SmokeFailure(message, details === undefined ? undefined : show(details));
}

export function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

export interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
}

interface CallOptions<S extends z.ZodType> {
  expect: number;
  schema: S;
  body?: unknown;
  headers?: Record<string, string>;
}

const TIMEOUT_MS = 15_000;

/** One person's HTTP client: every call comes from their network (tools/smoke/people.ts). */
export class Api {
  readonly baseUrl: string;
  readonly person: Person;

  constructor(baseUrl: string, person: Person) {
    this.baseUrl = baseUrl;
    this.person = person;
  }

  /** The same stack, called by someone else. */
  as(person: Person): Api {
    return new Api(this.baseUrl, person);
  }

  async call<S extends z.ZodType>(method: string, path: string, opts: CallOptions<S>): Promise<Reply<z.infer<S>>> {
    const headers: Record<string, string> = { accept: "application/json", ...fromPerson(this.person), ...opts.headers };
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    const label = `${method} ${path}`;
    let res: Response;
    for (let attempt = 0; ; attempt++) {
      try {
        res = await fetch(this.baseUrl + path, {
          method,
          headers,
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        throw new SmokeFailure(`${label}: no answer (${error instanceof Error ? error.message : String(error)})`);
      }
      // A person polling past their budget (a slow queue) waits as told, as a polite client does.
      const wait = Number(res.headers.get("retry-after"));
      if (res.status !== 429 || opts.expect === 429 || attempt >= 2 || !(wait > 0 && wait <= 60)) break;
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
    const text = await res.text();
    const requestId = res.headers.get("x-request-id") ?? "?";
    const context = `${res.status} ${res.headers.get("content-type") ?? ""}, request ${requestId}\n${pretty(text)}`;
    if (res.status !== opts.expect) {
      throw new SmokeFailure(`${label}: expected ${opts.expect}, got ${res.status}`, context);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SmokeFailure(`${label}: the body is not JSON`, context);
    }
    const parsed = opts.schema.safeParse(json);
    if (!parsed.success) {
      throw new SmokeFailure(`${label}: unexpected body shape (${parsed.error.issues[0]?.message ?? "?"})`, context);
    }
    return { status: res.status, headers: res.headers, body: parsed.data };
  }
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * Calls `probe` until it says done, with a growing pause (100 ms up to 1 s), and fails with the
 * last value seen. A wait of over half a minute spends a person's `lookup` budget of 30 a minute;
 * Api.call then waits out the 429, so a slow queue shows as a slow step, not a failed one.
 */
export async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<{ done: boolean; value: T }>) {
  const deadline = Date.now() + timeoutMs;
  let pause = 100;
  for (;;) {
    const { done, value } = await probe();
    if (done) return value;
    if (Date.now() + pause > deadline) throw new SmokeFailure(`${what}: not within ${timeoutMs / 1000} s`, show(value));
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 1000);
  }
}
