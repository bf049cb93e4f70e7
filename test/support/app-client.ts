import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import type { App } from "../../src/api/context";
import { createApp } from "../../src/http/app";
import { type OpenApiDocument, ResponseChecker } from "./openapi-validation";

/**
 * The only ways tests call the API (Biome refuses `SELF` and `app.request`/`app.fetch`
 * elsewhere in test/): every response is checked against the OpenAPI document the same app
 * serves, and a response the document does not describe fails the test at the call.
 */
export const ORIGIN = "https://edgefare.test";

/** The Worker under test (`SELF`), with a validated response. A path is taken from ORIGIN. */
export async function api(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(typeof input === "string" && input.startsWith("/") ? `${ORIGIN}${input}` : input, init);
  workerChecker ??= loadChecker(() => SELF.fetch(`${ORIGIN}/openapi.json`));
  const checker = await workerChecker;
  return checked(checker, request, await SELF.fetch(request.clone()));
}
let workerChecker: Promise<ResponseChecker> | undefined;

/**
 * Calls an app built in the test (its own isolate state, so "a fresh isolate" is just a new
 * client) with a chosen env, and waits for its background work (cache fills) to finish.
 * `onWaitUntil` sees each promise a request hands to its ExecutionContext's waitUntil.
 */
export function appClient(env: object, app: App = createApp()) {
  return async (
    path: string,
    init?: RequestInit,
    onWaitUntil?: (work: Promise<unknown>) => void,
  ): Promise<Response> => {
    const request = new Request(`${ORIGIN}${path}`, init);
    const checker = await checkerOf(app, env);
    const ctx = createExecutionContext();
    if (onWaitUntil) {
      const waitUntil = ctx.waitUntil.bind(ctx);
      ctx.waitUntil = (work) => {
        onWaitUntil(work);
        waitUntil(work);
      };
    }
    const res = await app.fetch(request.clone(), env, ctx);
    await waitOnExecutionContext(ctx);
    return checked(checker, request, res);
  };
}

const appCheckers = new WeakMap<App, Promise<ResponseChecker>>();
function checkerOf(app: App, env: object): Promise<ResponseChecker> {
  let checker = appCheckers.get(app);
  if (!checker) {
    checker = loadChecker(async () => app.fetch(new Request(`${ORIGIN}/openapi.json`), env, createExecutionContext()));
    appCheckers.set(app, checker);
  }
  return checker;
}

async function loadChecker(fetchDocument: () => Promise<Response>): Promise<ResponseChecker> {
  const res = await fetchDocument();
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}: ${await res.text()}`);
  return new ResponseChecker(await res.json<OpenApiDocument>());
}

export class DocumentMismatch extends Error {
  override name = "DocumentMismatch";
}

async function checked(checker: ResponseChecker, request: Request, res: Response): Promise<Response> {
  const mismatches = await checker.mismatches(request, res);
  if (mismatches.length > 0) {
    throw new DocumentMismatch(
      `The response does not match /openapi.json (fix the route's documentation or the route):\n  ${mismatches.join("\n  ")}`,
    );
  }
  return res;
}

/** A WebSocket to the Worker under test (`SELF`): the upgrade is not a document-checked response. */
export async function openSocket(path: string): Promise<{ status: number; socket: WebSocket | null }> {
  const res = await SELF.fetch(`${ORIGIN}${path}`, { headers: { upgrade: "websocket" } });
  const socket = res.webSocket;
  socket?.accept();
  return { status: res.status, socket };
}
