// TFile (org.apache.hadoop.io.file.tfile.TFile) records, read in file order from the BCFile data
// blocks. A record is: VInt key length, key bytes, then the value as chunks — VInt n, n bytes —
// where a negative n means "-n bytes and more chunks follow" and n ≥ 0 ends the value. A record
// never spans two blocks. Values are handed out as a stream, so a value of any size costs one
// chunk of memory. The TFile's own meta blocks (TFile.meta, TFile.index) are not needed to scan.
import { blockChunks, readBcFileIndex } from "./bcfile.js";
import { ByteCursor, type PullSource, pullFrom, type RandomAccessSource } from "./byte-cursor.js";
import { HadoopFormatError } from "./errors.js";
import { cursorTFileVInt } from "./tfile-vlong.js";

export interface TFileRecord {
  readonly key: Buffer;
  /** The value; what the consumer leaves unread is skipped before the next record. */
  readonly value: ByteCursor;
}

/** The value of one record: reads across its chunks and stops at the last one. */
class ChunkedValue implements PullSource {
  private left = 0;
  private last = false;
  private started = false;

  constructor(private readonly block: ByteCursor) {}

  async next(max: number): Promise<Uint8Array | null> {
    while (this.left === 0) {
      if (this.started && this.last) return null;
      const n = await cursorTFileVInt(this.block, "value chunk length");
      this.started = true;
      this.last = n >= 0;
      this.left = Math.abs(n);
    }
    const c = await this.block.next(Math.min(max, this.left));
    if (!c) throw new HadoopFormatError(`${this.block.what}: a value chunk ends ${this.left} bytes early`);
    this.left -= c.byteLength;
    return c;
  }
}

/** Every record of a TFile, in the order written. */
export async function* tfileRecords(src: RandomAccessSource, name: string): AsyncGenerator<TFileRecord> {
  const index = await readBcFileIndex(src);
  for (const [i, block] of index.dataBlocks.entries()) {
    const what = `${name} data block ${i}`;
    const cursor = new ByteCursor(pullFrom(blockChunks(src, index.dataCodec, block, what)), what);
    while (!(await cursor.atEnd())) {
      const keyLength = await cursorTFileVInt(cursor, "key length");
      if (keyLength < 0) throw new HadoopFormatError(`${what}: negative key length ${keyLength}`);
      const key = await cursor.exact(keyLength, "key");
      const value = new ByteCursor(new ChunkedValue(cursor), `${what} value`);
      yield { key, value };
      await value.skip();
    }
    if (cursor.pos !== block.rawSize)
      throw new HadoopFormatError(`${what}: ${cursor.pos} bytes decoded, the index says ${block.rawSize}`);
  }
}
