// The variable-length integers of TFile/BCFile (org.apache.hadoop.io.file.tfile.Utils), which are
// NOT WritableUtils' VLongs (writable.ts): the first byte, read as a signed Java byte, says how
// many bytes follow:
//   -32..127  the value itself
//   -72..-33  1 more byte:   ((b + 52) << 8)  | u8
//   -104..-73 2 more bytes:  ((b + 88) << 16) | u16
//   -120..-105 3 more bytes: ((b + 112) << 24) | u16 << 8 | u8
//   -128..-121 (b + 129) = 4..8 bytes: a big-endian two's-complement integer
// Strings (Utils.writeString) are a VInt byte length (-1 = null) and UTF-8.
import type { ByteCursor } from "./byte-cursor.js";
import { HadoopFormatError } from "./errors.js";

/** How many bytes follow a first byte (as a signed byte), or -1 for an impossible length. */
export function tfileVLongExtra(first: number): number {
  if (first >= -32) return 0;
  if (first >= -72) return 1;
  if (first >= -104) return 2;
  if (first >= -120) return 3;
  const len = first + 129;
  return len >= 4 ? len : -1;
}

/** Decodes one VLong from its first byte (signed) and the bytes that follow it. */
export function decodeTFileVLong(first: number, rest: Uint8Array): bigint {
  const u = (i: number) => {
    const b = rest[i];
    if (b === undefined) throw new HadoopFormatError(`TFile VLong: byte ${i + 1} after the first is missing`);
    return BigInt(b);
  };
  switch (tfileVLongExtra(first)) {
    case 0:
      return BigInt(first);
    case 1:
      return (BigInt(first + 52) << 8n) | u(0);
    case 2:
      return (BigInt(first + 88) << 16n) | (u(0) << 8n) | u(1);
    case 3:
      return (BigInt(first + 112) << 24n) | (u(0) << 16n) | (u(1) << 8n) | u(2);
    case -1:
      throw new HadoopFormatError(`corrupt TFile VLong: first byte ${first}`);
    default: {
      let v = 0n;
      for (const b of rest) v = (v << 8n) | BigInt(b);
      return BigInt.asIntN(rest.length * 8, v);
    }
  }
}

const signed = (b: number) => (b << 24) >> 24;

/** Reads a VLong at `pos` of a buffer: the value and the offset after it. */
export function readTFileVLong(buf: Uint8Array, pos: number, what: string): { value: bigint; next: number } {
  const byte = buf[pos];
  if (byte === undefined) throw new HadoopFormatError(`${what}: VLong expected at offset ${pos}, the data ended`);
  const first = signed(byte);
  const extra = tfileVLongExtra(first);
  if (extra < 0) throw new HadoopFormatError(`${what}: corrupt VLong at offset ${pos} (first byte ${first})`);
  if (pos + 1 + extra > buf.length) throw new HadoopFormatError(`${what}: VLong at offset ${pos} is cut short`);
  return { value: decodeTFileVLong(first, buf.subarray(pos + 1, pos + 1 + extra)), next: pos + 1 + extra };
}

/** A VLong that must fit a JavaScript number (offsets, sizes, counts). */
export function toSafeNumber(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
    throw new HadoopFormatError(`${what}: ${v} is out of range`);
  return Number(v);
}

/** A VInt (a VLong in Java int range) from a cursor. */
export async function cursorTFileVInt(c: ByteCursor, what: string): Promise<number> {
  const first = signed(await c.byte(what));
  const extra = tfileVLongExtra(first);
  if (extra < 0) throw new HadoopFormatError(`${c.what}: ${what}: corrupt VLong (first byte ${first})`);
  const v = decodeTFileVLong(first, extra ? await c.exact(extra, what) : new Uint8Array(0));
  if (v < -2147483648n || v > 2147483647n) throw new HadoopFormatError(`${c.what}: ${what}: ${v} is not an int`);
  return Number(v);
}

/** A sequential reader of Utils-encoded fields over a Buffer (BCFile indexes, TFile meta). */
export class TFileFieldReader {
  constructor(
    private readonly buf: Uint8Array,
    private readonly what: string,
    public pos = 0,
  ) {}

  vlong(field: string): number {
    const { value, next } = readTFileVLong(this.buf, this.pos, `${this.what}: ${field}`);
    this.pos = next;
    return toSafeNumber(value, `${this.what}: ${field}`);
  }

  string(field: string): string {
    const n = this.vlong(field);
    if (n < 0 || this.pos + n > this.buf.length)
      throw new HadoopFormatError(`${this.what}: ${field}: string of ${n} bytes at offset ${this.pos} does not fit`);
    const s = Buffer.from(this.buf.subarray(this.pos, this.pos + n)).toString("utf8");
    this.pos += n;
    return s;
  }
}
