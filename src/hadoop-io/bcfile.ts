// BCFile (org.apache.hadoop.io.file.tfile.BCFile), the block container under TFile. Its tail:
//   ... blocks ... | meta index | offset of meta index: int64 | version: int16 major, int16 minor | magic: 16 bytes
// Meta index: VInt n, n × (String "data:"+name, String codec, region). The data index is the
// meta block "BCFile.index": String default codec, VInt n, n × region. A region is three VLongs:
// offset, compressed size, raw size. Every field uses TFile's VLong encoding (tfile-vlong.ts).
import { type RandomAccessSource, readExactly, regionChunks } from "./byte-cursor.js";
import { checkCodec, type CodecName, decompress } from "./codec.js";
import { HadoopFormatError } from "./errors.js";
import { TFileFieldReader } from "./tfile-vlong.js";

export const BCFILE_MAGIC = Buffer.from("d111d36891b5d7b639df414092bae150", "hex");
/** int64 offset + 2 × int16 version + magic. */
export const BCFILE_TAIL_SIZE = 8 + 4 + BCFILE_MAGIC.length;

export interface BlockRegion {
  readonly offset: number;
  readonly compressedSize: number;
  readonly rawSize: number;
}

export interface MetaBlock {
  readonly codec: CodecName;
  readonly region: BlockRegion;
}

export interface BcFileIndex {
  readonly version: { readonly major: number; readonly minor: number };
  readonly dataCodec: CodecName;
  readonly dataBlocks: readonly BlockRegion[];
  readonly metaBlocks: ReadonlyMap<string, MetaBlock>;
}

export function hasBcFileMagic(tail: Uint8Array): boolean {
  return tail.length >= BCFILE_MAGIC.length && BCFILE_MAGIC.equals(tail.subarray(tail.length - BCFILE_MAGIC.length));
}

/** The last BCFILE_TAIL_SIZE bytes → where the meta index starts, and the format version. */
export function parseBcFileTail(
  tail: Uint8Array,
  fileSize: number,
): { metaIndexOffset: number; major: number; minor: number } {
  if (tail.length !== BCFILE_TAIL_SIZE || !hasBcFileMagic(tail))
    throw new HadoopFormatError("not a TFile/BCFile: the BCFile magic is missing at the end of the file");
  const b = Buffer.from(tail);
  const offset = b.readBigInt64BE(0);
  const major = b.readInt16BE(8);
  const minor = b.readInt16BE(10);
  if (major !== 1) throw new HadoopFormatError(`BCFile version ${major}.${minor} is not supported (1.x is)`);
  if (offset < 0n || offset > BigInt(fileSize - BCFILE_TAIL_SIZE))
    throw new HadoopFormatError(`BCFile meta index offset ${offset} lies outside the file of ${fileSize} bytes`);
  return { metaIndexOffset: Number(offset), major, minor };
}

function region(r: TFileFieldReader, fileSize: number, what: string): BlockRegion {
  const offset = r.vlong(`${what} offset`);
  const compressedSize = r.vlong(`${what} compressed size`);
  const rawSize = r.vlong(`${what} raw size`);
  if (offset < 0 || compressedSize < 0 || rawSize < 0 || offset + compressedSize > fileSize)
    throw new HadoopFormatError(`${what} ${offset}+${compressedSize} lies outside the file of ${fileSize} bytes`);
  return { offset, compressedSize, rawSize };
}

export function parseMetaIndex(bytes: Uint8Array, fileSize: number): Map<string, MetaBlock> {
  const r = new TFileFieldReader(bytes, "BCFile meta index");
  const n = r.vlong("entry count");
  if (n < 0 || n > bytes.length) throw new HadoopFormatError(`BCFile meta index: bad entry count ${n}`);
  const out = new Map<string, MetaBlock>();
  for (let i = 0; i < n; i++) {
    const full = r.string(`entry ${i} name`);
    if (!full.startsWith("data:")) throw new HadoopFormatError(`BCFile meta index: entry name '${full}' lacks 'data:'`);
    const codec = checkCodec(r.string(`entry ${i} codec`), `BCFile meta block ${full}`);
    out.set(full.slice(5), { codec, region: region(r, fileSize, `meta block ${full}`) });
  }
  return out;
}

export function parseDataIndex(bytes: Uint8Array, fileSize: number): { codec: CodecName; blocks: BlockRegion[] } {
  const r = new TFileFieldReader(bytes, "BCFile data index");
  const codec = checkCodec(r.string("codec"), "BCFile data blocks");
  const n = r.vlong("block count");
  if (n < 0 || n > bytes.length) throw new HadoopFormatError(`BCFile data index: bad block count ${n}`);
  const blocks: BlockRegion[] = [];
  for (let i = 0; i < n; i++) blocks.push(region(r, fileSize, `data block ${i}`));
  return { codec, blocks };
}

/** A block's raw (decompressed) bytes as chunks. */
export function blockChunks(
  src: RandomAccessSource,
  codec: CodecName,
  block: BlockRegion,
  what: string,
): AsyncIterable<Uint8Array> {
  return decompress(codec, regionChunks(src, block.offset, block.compressedSize), what);
}

async function collect(chunks: AsyncIterable<Uint8Array>, limit: number, what: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of chunks) {
    n += c.byteLength;
    if (n > limit) throw new HadoopFormatError(`${what} is larger than its declared ${limit} bytes`);
    parts.push(c);
  }
  return Buffer.concat(parts);
}

/** Reads the tail, the meta index and the data index (small: a few bytes per block). */
export async function readBcFileIndex(src: RandomAccessSource): Promise<BcFileIndex> {
  if (src.size < BCFILE_TAIL_SIZE) throw new HadoopFormatError(`a ${src.size}-byte file is too short for a BCFile`);
  const tail = parseBcFileTail(
    await readExactly(src, src.size - BCFILE_TAIL_SIZE, BCFILE_TAIL_SIZE, "BCFile tail"),
    src.size,
  );
  const metaEnd = src.size - BCFILE_TAIL_SIZE;
  const metaBlocks = parseMetaIndex(
    await readExactly(src, tail.metaIndexOffset, metaEnd - tail.metaIndexOffset, "BCFile meta index"),
    src.size,
  );
  const dataIndexBlock = metaBlocks.get("BCFile.index");
  if (!dataIndexBlock) throw new HadoopFormatError("BCFile: the meta block BCFile.index (the data index) is missing");
  const raw = await collect(
    blockChunks(src, dataIndexBlock.codec, dataIndexBlock.region, "BCFile data index"),
    dataIndexBlock.region.rawSize,
    "BCFile data index",
  );
  const data = parseDataIndex(raw, src.size);
  return {
    version: { major: tail.major, minor: tail.minor },
    dataCodec: data.codec,
    dataBlocks: data.blocks,
    metaBlocks,
  };
}
