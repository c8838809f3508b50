// The aggregated-log layout of LogAggregationIndexedFileController ("IFile"). A node's file:
//   uuid | log file bytes, each compressed on its own | meta | int32 meta length | uuid
// The uuid (32 bytes: the SHA-256 of the application id) opens the file and closes every meta.
// The meta is a Java-serialized IndexedLogsMeta (java-serialization.ts): the user, the codec name,
// and per aggregation cycle a map container id → [IndexedFileLogMeta {fileName, fileSize,
// fileCompressedSize, startIndex, ...}], startIndex being the file offset of the compressed bytes.
// A rolled-over or still-open file may have a "<file>.checksum" companion with the valid end.
import { type AggregatedLogFile, type AggregatedLogFilter, wanted } from "./aggregated-log.js";
import { type RandomAccessSource, readExactly, regionChunks } from "./byte-cursor.js";
import { checkCodec, decompress } from "./codec.js";
import { HadoopFormatError } from "./errors.js";
import { javaCollectionItems, type JavaObject, readJavaObject, type JavaValue } from "./java-serialization.js";

export const INDEXED_UUID_LENGTH = 32;
const TAIL = 4 + INDEXED_UUID_LENGTH;
/** Hadoop warns above 64 MiB; a larger meta is taken as damage rather than read into memory. */
const MAX_META = 256 << 20;

export interface IndexedLogEntry {
  readonly containerId: string;
  readonly file: string;
  readonly length: number;
  readonly compressedLength: number;
  readonly offset: number;
}

export interface IndexedLogMeta {
  readonly user: string;
  readonly codec: "none" | "gz";
  readonly nodeId: string;
  /** In the order Hadoop's reader walks them: per cycle, per container, per file. */
  readonly entries: readonly IndexedLogEntry[];
}

/** True when the file's last 32 bytes repeat its first 32 (how an indexed log file ends). */
export function looksIndexed(head: Uint8Array, tail: Uint8Array): boolean {
  return (
    head.length >= INDEXED_UUID_LENGTH &&
    tail.length >= INDEXED_UUID_LENGTH &&
    Buffer.from(head.subarray(0, INDEXED_UUID_LENGTH)).equals(tail.subarray(tail.length - INDEXED_UUID_LENGTH))
  );
}

const obj = (v: JavaValue, what: string): JavaObject => {
  if (v && typeof v === "object" && "fields" in v) return v;
  throw new HadoopFormatError(`indexed log meta: ${what} is not an object`);
};
const str = (v: JavaValue, what: string): string => {
  if (typeof v === "string") return v;
  throw new HadoopFormatError(`indexed log meta: ${what} is not a string`);
};
const long = (v: JavaValue, what: string): number => {
  if (typeof v === "bigint" && v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  throw new HadoopFormatError(`indexed log meta: ${what} is not a valid size or offset`);
};

/** The deserialized IndexedLogsMeta → the list of log files, checked against the file size. */
export function parseIndexedLogsMeta(bytes: Uint8Array, validEnd: number): IndexedLogMeta {
  const meta = obj(readJavaObject(bytes), "IndexedLogsMeta");
  const f = meta.fields;
  const codec = checkCodec(str(f.compressName ?? null, "compressName"), "the indexed log file");
  const entries: IndexedLogEntry[] = [];
  for (const cycle of javaCollectionItems(f.logMetas ?? null, "logMetas")) {
    const map = javaCollectionItems(
      obj(cycle, "IndexedPerAggregationLogMeta").fields.logMetas ?? null,
      "cycle logMetas",
    );
    // A flat [key, value, key, value, …]: a key without its value is a corrupt map.
    for (let i = 0; i < map.length; i += 2) {
      const containerId = str(map[i] ?? null, "container id");
      for (const item of javaCollectionItems(map[i + 1] ?? null, `files of ${containerId}`)) {
        const m = obj(item, "IndexedFileLogMeta").fields;
        const e: IndexedLogEntry = {
          containerId,
          file: str(m.fileName ?? null, "fileName"),
          length: long(m.fileSize ?? null, "fileSize"),
          compressedLength: long(m.fileCompressedSize ?? null, "fileCompressedSize"),
          offset: long(m.startIndex ?? null, "startIndex"),
        };
        if (e.offset + e.compressedLength > validEnd)
          throw new HadoopFormatError(
            `indexed log meta: ${containerId} ${e.file} lies past the end of the data (${validEnd})`,
          );
        entries.push(e);
      }
    }
  }
  return { user: str(f.user ?? null, "user"), codec, nodeId: str(f.nodeId ?? null, "nodeId"), entries };
}

/** Reads the meta at the end of the file (or at `end`, from a .checksum companion). */
export async function readIndexedLogsMeta(src: RandomAccessSource, end = src.size): Promise<IndexedLogMeta> {
  if (end < INDEXED_UUID_LENGTH + TAIL || end > src.size)
    throw new HadoopFormatError(`an indexed log file needs at least ${INDEXED_UUID_LENGTH + TAIL} bytes, has ${end}`);
  const head = await readExactly(src, 0, INDEXED_UUID_LENGTH, "indexed log uuid");
  const tail = await readExactly(src, end - TAIL, TAIL, "indexed log tail");
  if (!looksIndexed(head, tail))
    throw new HadoopFormatError("not an indexed log file: the uuid at its end does not match its start");
  const metaLength = tail.readInt32BE(0);
  const metaStart = end - TAIL - metaLength;
  if (metaLength <= 0 || metaLength > MAX_META || metaStart < INDEXED_UUID_LENGTH)
    throw new HadoopFormatError(`indexed log file: meta length ${metaLength} does not fit in ${end} bytes`);
  return parseIndexedLogsMeta(await readExactly(src, metaStart, metaLength, "indexed log meta"), metaStart);
}

/** The `.checksum` companion: int32 name length, the node file's name, int64 valid end. */
export function parseChecksumFile(bytes: Uint8Array): { nodeFile: string; end: number } {
  const b = Buffer.from(bytes);
  if (b.length < 4) throw new HadoopFormatError("indexed log checksum file: too short");
  const n = b.readInt32BE(0);
  if (n < 0 || 4 + n + 8 > b.length)
    throw new HadoopFormatError(`indexed log checksum file: name length ${n} does not fit`);
  const end = b.readBigInt64BE(4 + n);
  if (end < 0n || end > BigInt(Number.MAX_SAFE_INTEGER))
    throw new HadoopFormatError(`indexed log checksum file: end ${end}`);
  return { nodeFile: b.subarray(4, 4 + n).toString("utf8"), end: Number(end) };
}

/** The container log files of one node's indexed file; unwanted ones are never read. */
export async function* indexedContainerLogs(
  src: RandomAccessSource,
  name: string,
  filter?: AggregatedLogFilter,
  end?: number,
): AsyncGenerator<AggregatedLogFile> {
  const meta = await readIndexedLogsMeta(src, end);
  for (const e of meta.entries) {
    if (!wanted(filter, e.containerId, e.file)) continue;
    const what = `${name}: ${e.containerId} ${e.file}`;
    const data =
      e.length === 0 ? emptyChunks() : decompress(meta.codec, regionChunks(src, e.offset, e.compressedLength), what);
    yield { containerId: e.containerId, file: e.file, length: e.length, data: exactly(data, e.length, what) };
  }
}

async function* emptyChunks(): AsyncIterable<Uint8Array> {}

/** Passes the chunks on, and fails when they add up to other than the recorded length. */
async function* exactly(chunks: AsyncIterable<Uint8Array>, length: number, what: string): AsyncIterable<Uint8Array> {
  let n = 0;
  for await (const c of chunks) {
    const keep = c.subarray(0, Math.max(0, length - n));
    n += c.byteLength;
    if (keep.byteLength) yield keep;
  }
  if (n < length) throw new HadoopFormatError(`${what}: ${n} bytes decoded, the meta says ${length}`);
}
