import { createHash } from "node:crypto";
import { RedisReplyError, type Reply } from "./resp.ts";

/** What the Upstash REST protocol puts in `result`. */
export type Json = string | number | null | Json[];

/**
 * With `Upstash-Encoding: base64` every string at any depth is base64 (status replies like "OK"
 * included), integers stay numbers and nil stays null. Without it, strings go out as UTF-8.
 */
export function toJson(reply: Reply, base64: boolean): Json {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((item) => toJson(item, base64));
  // An error nested in an array (a Lua table with `err`) has no slot of its own in the protocol.
  const bytes = Buffer.isBuffer(reply) ? reply : Buffer.from(reply instanceof RedisReplyError ? reply.message : reply);
  return base64 ? bytes.toString("base64") : bytes.toString("utf8");
}

export type Entry = { result: Json } | { error: string };

export function toEntry(reply: Reply, base64: boolean): Entry {
  return reply instanceof RedisReplyError ? { error: reply.message } : { result: toJson(reply, base64) };
}

/** A command is a non-empty array of scalars; numbers and booleans are sent as their text. */
export function parseCommand(value: unknown): string[] | string {
  if (!Array.isArray(value) || value.length === 0) return "ERR a command must be a non-empty JSON array";
  const out: string[] = [];
  for (const arg of value) {
    if (typeof arg === "string") out.push(arg);
    else if (typeof arg === "number" || typeof arg === "boolean") out.push(String(arg));
    else return `ERR command arguments must be strings or numbers, got ${JSON.stringify(arg)}`;
  }
  return out;
}

export function parseCommandList(value: unknown): string[][] | string {
  if (!Array.isArray(value) || value.length === 0) return "ERR a pipeline must be a non-empty array of commands";
  const out: string[][] = [];
  for (const item of value) {
    const command = parseCommand(item);
    if (typeof command === "string") return command;
    out.push(command);
  }
  return out;
}

// Flags Redis 7.0 understands in a `#!lua flags=` shebang; Upstash adds others (allow-key-locking).
const REDIS_SCRIPT_FLAGS = new Set(["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"]);
const SHEBANG = /^#!lua(?:[ \t]+flags=([^\r\n]*))?[ \t]*(?=\r?\n|$)/;

const sha1 = (text: string) => createHash("sha1").update(text, "utf8").digest("hex");

/**
 * Rewrites scripts whose shebang names flags Redis 7.0 rejects, and remembers which sha the
 * client knows (the original script's) for the sha Redis knows (the rewritten one's), so
 * EVALSHA keeps working instead of falling back to EVAL on every call.
 */
export class ScriptRegistry {
  private readonly loadedSha = new Map<string, string>();

  /** Returns the command to send, and for SCRIPT LOAD the sha to answer instead of Redis's. */
  rewrite(command: readonly string[]): { command: string[]; answerSha?: string } {
    const name = (command[0] ?? "").toUpperCase();
    const out = [...command];
    if ((name === "EVAL" || name === "EVAL_RO") && out[1] !== undefined) {
      out[1] = this.register(out[1]).script;
    } else if ((name === "EVALSHA" || name === "EVALSHA_RO") && out[1] !== undefined) {
      out[1] = this.resolve(out[1]);
    } else if (name === "SCRIPT" && out[1]?.toUpperCase() === "LOAD" && out[2] !== undefined) {
      const { script, originalSha } = this.register(out[2]);
      out[2] = script;
      return { command: out, answerSha: originalSha };
    } else if (name === "SCRIPT" && out[1]?.toUpperCase() === "EXISTS") {
      for (let i = 2; i < out.length; i++) out[i] = this.resolve(out[i] ?? "");
    }
    return { command: out };
  }

  private resolve(sha: string): string {
    return this.loadedSha.get(sha.toLowerCase()) ?? sha;
  }

  private register(original: string): { script: string; originalSha: string } {
    const originalSha = sha1(original);
    const script = stripUnsupportedFlags(original);
    if (script !== original) this.loadedSha.set(originalSha, sha1(script));
    return { script, originalSha };
  }
}

export function stripUnsupportedFlags(script: string): string {
  const match = SHEBANG.exec(script);
  if (!match?.[1]) return script;
  const flags = match[1].split(",").map((f) => f.trim());
  const kept = flags.filter((f) => REDIS_SCRIPT_FLAGS.has(f));
  if (kept.length === flags.length) return script;
  // An empty line instead of a bare `#!lua` keeps Lua's line numbers in error messages right.
  const shebang = kept.length > 0 ? `#!lua flags=${kept.join(",")}` : "";
  return shebang + script.slice(match[0].length);
}
