// The compression codecs of TFile/BCFile and of the indexed log format (both use TFile's
// Compression.Algorithm names). "gz" is Hadoop's DefaultCodec: a zlib (deflate) stream;
// createUnzip also accepts a gzip header. Decompression is an in-memory stream transform.
import { Readable } from "node:stream";
import { createUnzip } from "node:zlib";
import { HadoopFormatError } from "./errors.js";

export type CodecName = "none" | "gz";

export function checkCodec(name: string, where: string): CodecName {
  if (name === "none" || name === "gz") return name;
  throw new HadoopFormatError(
    `${where} is compressed with '${name}'; only 'none' and 'gz' are supported`,
    "set yarn.nodemanager.log-aggregation.compression-type to gz or none for new applications",
  );
}

/** The decompressed bytes of a stream of compressed chunks. */
export async function* decompress(
  codec: CodecName,
  chunks: AsyncIterable<Uint8Array>,
  what: string,
): AsyncIterable<Uint8Array> {
  if (codec === "none") {
    yield* chunks;
    return;
  }
  const unzip = Readable.from(chunks, { objectMode: false }).pipe(createUnzip());
  try {
    for await (const c of unzip) yield c as Buffer;
  } catch (e) {
    throw new HadoopFormatError(`${what}: gz data does not inflate: ${(e as Error).message}`);
  } finally {
    unzip.destroy();
  }
}
