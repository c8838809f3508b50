// Sequential reading over a stream of chunks without holding more than one chunk: the readers of
// aggregated logs pull headers with exact() and hand file contents on with next(), so a 100 MiB
// log passes through in the chunks it arrived in.
import { HadoopFormatError } from "./errors.js";

/** Anything that hands out bytes in order: up to `max` at a time, null at the end. */
export interface PullSource {
  next(max: number): Promise<Uint8Array | null>;
}

/** A file that can be read at any offset (WebHDFS OPEN with offset/length, a Buffer in tests). */
export interface RandomAccessSource {
  readonly size: number;
  /** Up to `length` bytes from `offset` (a short answer is fine: readers ask again for the rest). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** The bytes of [offset, offset + length) as a stream of chunks; long regions use this. */
  stream?(offset: number, length: number): AsyncIterable<Uint8Array>;
}

const STEP = 1 << 20;

/** A region of a file as chunks: the source's own stream, or read() in 1 MiB steps. */
export async function* regionChunks(
  src: RandomAccessSource,
  offset: number,
  length: number,
): AsyncIterable<Uint8Array> {
  if (offset < 0 || length < 0 || offset + length > src.size) {
    throw new HadoopFormatError(`region ${offset}+${length} lies outside the file of ${src.size} bytes`);
  }
  if (src.stream) {
    yield* src.stream(offset, length);
    return;
  }
  for (let done = 0; done < length;) {
    const got = await src.read(offset + done, Math.min(STEP, length - done));
    if (got.byteLength === 0) throw new HadoopFormatError(`file ended at ${offset + done}, inside a region`);
    done += got.byteLength;
    yield got;
  }
}

/** Exactly `length` bytes from `offset`, asking again after short reads. */
export async function readExactly(
  src: RandomAccessSource,
  offset: number,
  length: number,
  what: string,
): Promise<Buffer> {
  if (offset < 0 || length < 0 || offset + length > src.size)
    throw new HadoopFormatError(`${what}: ${offset}+${length} lies outside the file of ${src.size} bytes`);
  const parts: Uint8Array[] = [];
  for (let got = 0; got < length;) {
    const c = await src.read(offset + got, length - got);
    if (c.byteLength === 0) throw new HadoopFormatError(`${what}: the file ended at ${offset + got}`);
    parts.push(c.subarray(0, length - got));
    got += c.byteLength;
  }
  return Buffer.concat(parts, length);
}

/** A PullSource over an async iterable of chunks. */
export function pullFrom(chunks: AsyncIterable<Uint8Array>): PullSource {
  const it = chunks[Symbol.asyncIterator]();
  let rest: Uint8Array | null = new Uint8Array(0);
  return {
    async next(max: number) {
      while (rest && rest.byteLength === 0) {
        const r = await it.next();
        rest = r.done ? null : r.value;
      }
      if (!rest) return null;
      const out = rest.subarray(0, max);
      rest = rest.subarray(out.byteLength);
      return out;
    },
  };
}

export class ByteCursor implements PullSource {
  /** Bytes consumed so far (for error messages). */
  pos = 0;
  private ended = false;
  private peeked: Uint8Array | null = null;

  constructor(
    private readonly src: PullSource,
    /** What is being read, e.g. "data block 3 of node1_8041": starts every error message. */
    readonly what: string,
  ) {}

  async next(max: number): Promise<Uint8Array | null> {
    if (max <= 0) return new Uint8Array(0);
    let chunk: Uint8Array | null;
    if (this.peeked) {
      chunk = this.peeked.subarray(0, max);
      this.peeked = this.peeked.byteLength > chunk.byteLength ? this.peeked.subarray(chunk.byteLength) : null;
    } else {
      chunk = this.ended ? null : await this.src.next(max);
      if (!chunk) this.ended = true;
    }
    if (chunk) this.pos += chunk.byteLength;
    return chunk;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    while (!this.peeked && !this.ended) {
      const c = await this.src.next(STEP);
      if (!c) this.ended = true;
      else if (c.byteLength > 0) this.peeked = c;
    }
    return !this.peeked;
  }

  /** Exactly n bytes (copied into one Buffer); a short source is a format error. */
  async exact(n: number, field: string): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    let got = 0;
    while (got < n) {
      const c = await this.next(n - got);
      if (!c)
        throw new HadoopFormatError(
          `${this.what}: ${field} needs ${n} bytes at offset ${this.pos - got}, the data ended after ${got}`,
        );
      parts.push(c);
      got += c.byteLength;
    }
    return Buffer.concat(parts, n);
  }

  async byte(field: string): Promise<number> {
    return (await this.exact(1, field)).readUInt8(0);
  }

  /** Drops n bytes (or everything when n is undefined) without keeping them. */
  async skip(n?: number): Promise<void> {
    for (let left = n ?? Infinity; left > 0;) {
      const c = await this.next(Math.min(left, STEP));
      if (!c) {
        if (n === undefined) return;
        throw new HadoopFormatError(`${this.what}: the data ended ${left} bytes before the end of a skipped field`);
      }
      left -= c.byteLength;
    }
  }

  /**
   * The next n bytes as a stream for a consumer, and finish() to skip what it left unread (it may
   * stop early or never start); the cursor is past the n bytes after finish().
   */
  slice(n: number, field: string): { data: AsyncIterable<Uint8Array>; finish(): Promise<void> } {
    let consumed = 0;
    const data = {
      [Symbol.asyncIterator]: async function* (this: void, cursor: ByteCursor) {
        while (consumed < n) {
          const c = await cursor.next(Math.min(n - consumed, STEP));
          if (!c) throw new HadoopFormatError(`${cursor.what}: ${field} ended ${n - consumed} of ${n} bytes early`);
          consumed += c.byteLength;
          yield c;
        }
      }.bind(undefined, this),
    };
    return { data, finish: () => this.skip(n - consumed) };
  }
}
