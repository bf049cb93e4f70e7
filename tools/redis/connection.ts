import net from "node:net";
import { encodeCommand, parseReply, type Reply } from "./resp.ts";

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

/** One TCP connection to Redis. Commands may be pipelined; replies arrive in order. */
export class RedisConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private closedWith: Error | undefined;
  private readonly socket: net.Socket;
  /** The logical database this connection has SELECTed. */
  db = 0;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => this.fail(new Error("Redis connection closed")));
  }

  static connect(host: string, port: number, timeoutMs = 2000): Promise<RedisConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`Redis at ${host}:${port} did not accept a connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve(new RedisConnection(socket));
      });
    });
  }

  get alive(): boolean {
    return this.closedWith === undefined;
  }

  /** Sends all commands in one write and resolves with one reply per command. */
  send(commands: readonly (readonly string[])[]): Promise<Reply[]> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const replies = commands.map(() => new Promise<Reply>((resolve, reject) => this.pending.push({ resolve, reject })));
    this.socket.write(Buffer.concat(commands.map(encodeCommand)));
    return Promise.all(replies);
  }

  async command(...args: string[]): Promise<Reply> {
    const [reply] = await this.send([args]);
    return reply ?? null;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    while (offset < this.buffer.length) {
      const parsed = parseReply(this.buffer, offset);
      if (!parsed) break;
      offset = parsed.next;
      this.pending.shift()?.resolve(parsed.value);
    }
    this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
  }

  private fail(error: Error): void {
    if (!this.closedWith) this.closedWith = error;
    for (const waiter of this.pending.splice(0)) waiter.reject(error);
  }
}

/**
 * Hands each HTTP request a connection of its own, so a MULTI/EXEC or a slow command never
 * interleaves with another request's commands. Idle connections are kept for reuse.
 */
export class RedisPool {
  private readonly idle: RedisConnection[] = [];
  private readonly all = new Set<RedisConnection>();
  readonly host: string;
  readonly port: number;
  private readonly maxIdle: number;

  constructor(host: string, port: number, maxIdle = 8) {
    this.host = host;
    this.port = port;
    this.maxIdle = maxIdle;
  }

  async acquire(db: number): Promise<RedisConnection> {
    let conn = this.idle.pop();
    while (conn && !conn.alive) conn = this.idle.pop();
    if (!conn) {
      conn = await RedisConnection.connect(this.host, this.port);
      this.all.add(conn);
    }
    if (conn.db !== db) {
      const reply = await conn.command("SELECT", String(db));
      if (reply instanceof Error) {
        this.discard(conn);
        throw reply;
      }
      conn.db = db;
    }
    return conn;
  }

  release(conn: RedisConnection): void {
    if (conn.alive && this.idle.length < this.maxIdle) this.idle.push(conn);
    else this.discard(conn);
  }

  discard(conn: RedisConnection): void {
    conn.close();
    this.all.delete(conn);
  }

  close(): void {
    for (const conn of this.all) conn.close();
    this.all.clear();
    this.idle.length = 0;
  }
}
