// Pure Hadoop file formats (no I/O): Writable primitives, BCFile/TFile, the two aggregated-log
// layouts. Readers work over a RandomAccessSource the caller backs with WebHDFS byte ranges.
export { WritableReader, writeText, writeVLong, type FormatErrorFactory } from "./writable.js";
export { HadoopFormatError } from "./errors.js";
export {
  ByteCursor,
  pullFrom,
  readExactly,
  regionChunks,
  type PullSource,
  type RandomAccessSource,
} from "./byte-cursor.js";
export {
  readBcFileIndex,
  hasBcFileMagic,
  BCFILE_MAGIC,
  BCFILE_TAIL_SIZE,
  type BcFileIndex,
  type BlockRegion,
} from "./bcfile.js";
export { tfileRecords, type TFileRecord } from "./tfile.js";
export { tfileContainerLogs } from "./aggregated-tfile.js";
export {
  indexedContainerLogs,
  readIndexedLogsMeta,
  parseChecksumFile,
  looksIndexed,
  INDEXED_UUID_LENGTH,
  type IndexedLogMeta,
  type IndexedLogEntry,
} from "./aggregated-indexed.js";
export type { AggregatedLogFile, AggregatedLogFilter } from "./aggregated-log.js";
export { readJavaObject, type JavaValue, type JavaObject } from "./java-serialization.js";
export { parseDelegationIdentifier, type DelegationIdentifier } from "./delegation-identifier.js";
export { asHdfsRpcToken, decodeTokenUrl, encodeTokenUrl, HDFS_DELEGATION_KIND, type Token } from "./token-url.js";
