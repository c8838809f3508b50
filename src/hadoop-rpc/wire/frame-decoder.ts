// Split-safe reassembly of frames from a byte stream (pg-protocol's Parser idea): chunks go in
// in any sizes, complete frame bodies (without the u32 length) come out. Used both on the socket
// and on the plaintext recovered from SASL WRAP envelopes.
import { FrameError } from "../errors.js";
import { MAX_FRAME_LENGTH } from "./frame.js";

export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;

  constructor(private readonly maxFrameLength = MAX_FRAME_LENGTH) {}

  /** Adds a chunk; returns every frame body it completes, in order. */
  push(chunk: Uint8Array): Buffer[] {
    const rest = this.buf.subarray(this.pos);
    this.buf = rest.length === 0 ? Buffer.from(chunk) : Buffer.concat([rest, chunk]);
    this.pos = 0;
    const frames: Buffer[] = [];
    while (this.buf.length - this.pos >= 4) {
      const n = this.buf.readUInt32BE(this.pos);
      if (n > this.maxFrameLength) {
        throw new FrameError(`frame length ${n} exceeds the maximum ${this.maxFrameLength}`);
      }
      if (this.buf.length - this.pos - 4 < n) break;
      // Copy so a retained frame does not pin (or see reuse of) the whole receive buffer.
      frames.push(Buffer.from(this.buf.subarray(this.pos + 4, this.pos + 4 + n)));
      this.pos += 4 + n;
    }
    return frames;
  }

  /** Bytes received that do not yet form a complete frame. */
  get pending(): number {
    return this.buf.length - this.pos;
  }
}
