// Hadoop Writable primitives (hadoop-common WritableUtils, Text) — not protobuf varints.
//   VLong: -112..127 in one byte; otherwise a marker byte (-113..-120 positive, -121..-128
//   negative one's complement) followed by 1..8 big-endian bytes.
//   Text : VInt byte length + UTF-8.
// Pure code on a Buffer: errors come from the caller's factory so each format keeps its own code.
import { HadoopFormatError } from "./errors.js";

export type FormatErrorFactory = (message: string) => Error;

export class WritableReader {
  pos = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly fail: FormatErrorFactory = (m) => new HadoopFormatError(m),
  ) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  bytes(n: number, what: string): Buffer {
    if (n < 0 || n > this.remaining) {
      throw this.fail(`${what}: needs ${n} bytes at offset ${this.pos}, ${this.remaining} left`);
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return Buffer.from(out);
  }

  byte(what: string): number {
    return this.bytes(1, what).readUInt8(0);
  }

  vlong(what: string): bigint {
    const first = (this.byte(what) << 24) >> 24; // as a signed Java byte
    if (first >= -112) return BigInt(first);
    const negative = first < -120;
    const n = negative ? -(first + 120) : -(first + 112);
    let v = 0n;
    for (const b of this.bytes(n, what)) v = (v << 8n) | BigInt(b);
    return negative ? ~v : v;
  }

  vint(what: string): number {
    const v = this.vlong(what);
    if (v < -2147483648n || v > 2147483647n) throw this.fail(`${what}: VInt ${v} out of int range`);
    return Number(v);
  }

  /** A VInt length that must be non-negative and fit in what is left. */
  length(what: string): number {
    const n = this.vint(what);
    if (n < 0 || n > this.remaining)
      throw this.fail(`${what}: length ${n} at offset ${this.pos} exceeds the ${this.remaining} bytes left`);
    return n;
  }

  text(what: string): string {
    return this.bytes(this.length(what), what).toString("utf8");
  }
}

export function writeVLong(value: number | bigint): Buffer {
  let v = BigInt(value);
  if (v >= -112n && v <= 127n) return Buffer.from([Number(v) & 0xff]);
  let marker = -112;
  if (v < 0n) {
    v = ~v;
    marker = -120;
  }
  const bytes: number[] = [];
  for (let t = v; t > 0n; t >>= 8n) bytes.unshift(Number(t & 0xffn));
  return Buffer.from([(marker - bytes.length) & 0xff, ...bytes]);
}

export function writeText(s: string): Buffer {
  const b = Buffer.from(s, "utf8");
  return Buffer.concat([writeVLong(b.length), b]);
}
