/**
 * QR images of a ticket code: SVG for the web, PNG for email (most email clients do not show SVG).
 * The QR matrix comes from uqr (unjs, MIT, no dependencies, ~8 KB gzipped, a port of Nayuki's
 * reference encoder); the SVG and the PNG are written here, the PNG with the platform's
 * CompressionStream("deflate"), which is exactly the zlib stream PNG's IDAT wants.
 */
import { encode } from "uqr";

/** Medium error correction survives a scratched phone screen; 4 modules of quiet zone is the standard's. */
const QR_OPTIONS = { ecc: "M", border: 4 } as const;

export function qrMatrix(text: string): boolean[][] {
  return encode(text, QR_OPTIONS).data;
}

/** One path, one horizontal run per subpath: small, crisp at any size (shape-rendering="crispEdges"). */
export function qrSvg(text: string): string {
  const matrix = qrMatrix(text);
  const size = matrix.length;
  let path = "";
  matrix.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue;
      let run = 1;
      while (row[x + run]) run++;
      path += `M${x} ${y}h${run}v1h-${run}z`;
      x += run - 1;
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}

/**
 * A 1-bit greyscale PNG, `scale` pixels per module (6: a version 10 code is 342 px square, a few
 * hundred bytes).
 */
export async function qrPng(text: string, scale = 6): Promise<Uint8Array> {
  const matrix = qrMatrix(text);
  const width = matrix.length * scale;
  const stride = Math.ceil(width / 8) + 1; // a filter byte (0: none) before each row
  const raw = new Uint8Array(stride * width);
  for (let py = 0; py < width; py++) {
    const row = matrix[Math.floor(py / scale)] ?? [];
    for (let px = 0; px < width; px++) {
      // In greyscale 1-bit, 1 is white: set the bit for light modules.
      const at = py * stride + 1 + (px >> 3);
      if (!row[Math.floor(px / scale)]) raw[at] = (raw[at] ?? 0) | (0x80 >> (px & 7));
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, width);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
  return concat(
    PNG_SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", await deflate(raw)),
    chunk("IEND", new Uint8Array(0)),
  );
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat(new TextEncoder().encode(type), data);
  const out = new Uint8Array(8 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(typed, 4);
  view.setUint32(8 + data.length, crc32(typed));
  return out;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = (CRC_TABLE[(crc ^ b) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
