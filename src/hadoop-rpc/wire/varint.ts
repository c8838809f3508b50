// Protobuf base-128 varints, only as the length delimiters of writeDelimitedTo/parseDelimitedFrom.
// (Hadoop Writable VInts are a different encoding: see src/hadoop-io/writable.ts.)
import { FrameError } from "../errors.js";

export function encodeVarint32(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`varint32 out of range: ${value}`);
  }
  const out: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

/**
 * Reads a varint32 at `offset`. Returns undefined when the buffer ends inside the varint, so an
 * incremental reader can wait for more bytes; throws FrameError when it is longer than 5 bytes.
 */
export function readVarint32(buf: Uint8Array, offset: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const b = buf[offset + i];
    if (b === undefined) return undefined;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) {
      if (value > 0xffffffff) throw new FrameError(`varint32 overflows 32 bits at offset ${offset}`);
      return { value, next: offset + i + 1 };
    }
  }
  throw new FrameError(`varint32 longer than 5 bytes at offset ${offset}`);
}
