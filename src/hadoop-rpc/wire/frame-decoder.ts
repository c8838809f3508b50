// Split-safe reassembly of frames from a byte stream (pg-protocol's Parser idea): chunks go in
// in any sizes, complete frame bodies (without the u32 length) come out. Used both on the socket
// and on the plaintext recovered from SASL WRAP envelopes.
//
// Chunks of a large frame are only collected, and joined once the whole frame is there, so a big
// response arriving in many small reads costs one copy rather than one per read.
import { FrameError } from "../errors.js";
import { MAX_FRAME_LENGTH } from "./frame.js";

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes needed before anything can be decoded: 4 for a length, or 4 + the frame length. */
  private needed = 4;

  constructor(private readonly maxFrameLength = MAX_FRAME_LENGTH) {}

  /** Adds a chunk; returns every frame body it completes, in order. */
  push(chunk: Uint8Array): Buffer[] {
    if (chunk.length > 0) {
      this.chunks.push(Buffer.from(chunk)); // a copy: callers may reuse their buffer
      this.size += chunk.length;
    }
    if (this.size < this.needed) return [];
    const [only, ...more] = this.chunks;
    const buf = only !== undefined && more.length === 0 ? only : Buffer.concat(this.chunks, this.size);
    const frames: Buffer[] = [];
    let pos = 0;
    while (buf.length - pos >= 4) {
      const n = buf.readUInt32BE(pos);
      if (n > this.maxFrameLength) {
        throw new FrameError(`frame length ${n} exceeds the maximum ${this.maxFrameLength}`);
      }
      if (buf.length - pos - 4 < n) break;
      // Copy so a retained frame neither pins nor aliases the caller's or our buffers.
      frames.push(Buffer.from(buf.subarray(pos + 4, pos + 4 + n)));
      pos += 4 + n;
    }
    const rest = Buffer.from(buf.subarray(pos));
    this.chunks = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    this.needed = rest.length >= 4 ? 4 + rest.readUInt32BE(0) : 4;
    return frames;
  }

  /** Bytes received that do not yet form a complete frame. */
  get pending(): number {
    return this.size;
  }
}
