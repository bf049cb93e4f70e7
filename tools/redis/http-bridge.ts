import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type RedisConnection, RedisPool } from "./connection.ts";
import { type FaultState, handleControl } from "./control.ts";
import { type Reply as RedisReply, RedisReplyError } from "./resp.ts";
import { type Entry, parseCommand, parseCommandList, ScriptRegistry, toEntry } from "./upstash.ts";

export interface BridgeOptions {
  /** `redis://host:port`; or give redisPort (host 127.0.0.1). */
  redisUrl?: string;
  redisPort?: number;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  token: string;
  /** Enables POST /__control (fault injection, database leases) for tests. */
  control?: boolean;
}

export interface Bridge {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const DB_PATH = /^\/db\/(\d{1,3})(\/.*)?$/;

type HttpReply = { status: number; body: unknown };
const error = (status: number, message: string): HttpReply => ({ status, body: { error: message } });

/**
 * An Upstash-compatible REST endpoint in front of a real Redis. Besides the Upstash paths it
 * accepts a `/db/<n>` prefix on the base URL, which selects Redis's logical database n: tests
 * use it to get a database of their own, so parallel test files never see each other's keys.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const target = options.redisUrl ? new URL(options.redisUrl) : undefined;
  const redisHost = target?.hostname || "127.0.0.1";
  const redisPort = target ? Number(target.port || 6379) : (options.redisPort ?? 6379);
  const pool = new RedisPool(redisHost, redisPort);
  const scripts = new ScriptRegistry();
  const faults: FaultState = { global: {}, byDb: new Map(), nextLease: 1 };
  const expected = Buffer.from(`Bearer ${options.token}`);

  const authorized = (header: string | undefined) => {
    const given = Buffer.from(header ?? "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://bridge");
      if (!authorized(req.headers.authorization)) return send(res, error(401, "Unauthorized"));
      const body = await readBody(req);
      if (url.pathname === "/__control" && options.control) {
        return send(res, await handleControl(body, faults, pool));
      }
      const scoped = DB_PATH.exec(url.pathname);
      const db = scoped ? Number(scoped[1]) : 0;
      const rest = scoped ? scoped[2] || "/" : url.pathname;
      const fault = { ...faults.global, ...faults.byDb.get(db) };
      // An outage as a client sees one: the connection drops without an HTTP answer.
      if (fault.down) return req.socket.destroy();
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (res.destroyed || req.socket.destroyed) return;
      const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      send(res, await dispatch(req.method ?? "GET", rest, body, db, base64));
    })().catch((failure: unknown) => send(res, error(500, `ERR bridge: ${String(failure)}`)));
  });

  async function dispatch(method: string, path: string, body: string, db: number, base64: boolean): Promise<HttpReply> {
    if (method === "GET" && path !== "/") return runOne(pathCommand(path), db, base64);
    if (method !== "POST") return error(405, "ERR use POST with a JSON command array");
    const parsed = parseJson(body);
    if (parsed === undefined) return error(400, "ERR the request body is not valid JSON");
    if (path === "/" || path === "") return runOne(parseCommand(parsed), db, base64);
    if (path === "/pipeline") return runMany(parseCommandList(parsed), db, base64, false);
    if (path === "/multi-exec") return runMany(parseCommandList(parsed), db, base64, true);
    return error(404, `ERR ${path} is not supported by the local bridge (subscriptions are not)`);
  }

  async function withConnection<T>(db: number, work: (conn: RedisConnection) => Promise<T>): Promise<T> {
    const conn = await pool.acquire(db);
    try {
      return await work(conn);
    } finally {
      pool.release(conn);
    }
  }

  async function runOne(command: string[] | string, db: number, base64: boolean): Promise<HttpReply> {
    if (typeof command === "string") return error(400, command);
    const { command: toSend, answerSha } = scripts.rewrite(command);
    const reply = await withConnection(db, (conn) => conn.command(...toSend));
    if (reply instanceof RedisReplyError) return error(400, reply.message);
    return { status: 200, body: toEntry(answerSha ?? reply, base64) };
  }

  async function runMany(
    commands: string[][] | string,
    db: number,
    base64: boolean,
    atomic: boolean,
  ): Promise<HttpReply> {
    if (typeof commands === "string") return error(400, commands);
    const rewritten = commands.map((c) => scripts.rewrite(c));
    const toSend = rewritten.map((r) => r.command);
    const answer = (reply: RedisReply, i: number): Entry =>
      toEntry(reply instanceof RedisReplyError ? reply : (rewritten[i]?.answerSha ?? reply), base64);
    if (!atomic) {
      const replies = await withConnection(db, (conn) => conn.send(toSend));
      return { status: 200, body: replies.map(answer) };
    }
    const replies = await withConnection(db, (conn) => conn.send([["MULTI"], ...toSend, ["EXEC"]]));
    const exec = replies.at(-1);
    if (Array.isArray(exec)) return { status: 200, body: exec.map(answer) };
    const queued = replies.slice(1, -1).find((r) => r instanceof RedisReplyError);
    const cause = queued instanceof RedisReplyError ? queued.message : String(exec);
    return error(400, `EXECABORT Transaction discarded because of: ${cause}`);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        pool.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Upstash's path style (`GET /set/key/value`), handy with curl. */
function pathCommand(path: string): string[] {
  return path.split("/").filter(Boolean).map(decodeURIComponent);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error("request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, reply: HttpReply): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(reply.status, { "content-type": "application/json" });
  res.end(JSON.stringify(reply.body));
}
