/**
 * A minimal RESP2 codec. Replies are kept raw on purpose: the Upstash REST protocol returns
 * exactly what Redis answered (HGETALL as a flat array, WITHSCORES as interleaved strings),
 * which is what @upstash/redis expects to post-process itself.
 */
export class RedisReplyError extends Error {
  override name = "RedisReplyError";
}

/** Simple strings are `string`, bulk strings `Buffer` (binary-safe), integers `number`. */
export type Reply = string | Buffer | number | null | RedisReplyError | Reply[];

export function encodeCommand(args: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(arg, "utf8");
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}

type Parsed = { value: Reply; next: number } | undefined;

/** Parses one reply starting at `offset`, or returns undefined when the buffer holds only part of it. */
export function parseReply(buf: Buffer, offset: number): Parsed {
  const lineEnd = buf.indexOf("\r\n", offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buf[offset] ?? 0);
  const line = buf.toString("utf8", offset + 1, lineEnd);
  const afterLine = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, next: afterLine };
    case "-":
      return { value: new RedisReplyError(line), next: afterLine };
    case ":":
      return { value: Number(line), next: afterLine };
    case "$": {
      const length = Number(line);
      if (length < 0) return { value: null, next: afterLine };
      if (buf.length < afterLine + length + 2) return undefined;
      return { value: buf.subarray(afterLine, afterLine + length), next: afterLine + length + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, next: afterLine };
      const items: Reply[] = [];
      let cursor = afterLine;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, cursor);
        if (!item) return undefined;
        items.push(item.value);
        cursor = item.next;
      }
      return { value: items, next: cursor };
    }
    default:
      throw new Error(`Unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}
