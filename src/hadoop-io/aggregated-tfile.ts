// The aggregated-log layout of LogAggregationTFileController (AggregatedLogFormat) on TFile records.
// Keys are Java writeUTF strings (uint16 length + modified UTF-8). Three keys are reserved:
// VERSION (value: int32), APPLICATION_OWNER (value: writeUTF user), APPLICATION_ACL (value: pairs
// of writeUTF). Every other key is a container id; its value is a run of log files, each
//   writeUTF file name | writeUTF decimal length | that many bytes.
import type { AggregatedLogFile, AggregatedLogFilter } from "./aggregated-log.js";
import { wanted } from "./aggregated-log.js";
import type { ByteCursor, RandomAccessSource } from "./byte-cursor.js";
import { HadoopFormatError } from "./errors.js";
import { tfileRecords } from "./tfile.js";

const RESERVED_KEYS = new Set(["VERSION", "APPLICATION_OWNER", "APPLICATION_ACL"]);

/** Java's writeUTF. Modified UTF-8 differs from UTF-8 only for NUL and non-BMP characters. */
function javaUtf(bytes: Buffer, what: string): string {
  if (bytes.length < 2 || bytes.readUInt16BE(0) !== bytes.length - 2)
    throw new HadoopFormatError(`${what}: not a Java UTF string (length ${bytes.length})`);
  return bytes.subarray(2).toString("utf8");
}

async function readUtf(c: ByteCursor, field: string): Promise<string> {
  const n = (await c.exact(2, field)).readUInt16BE(0);
  return (await c.exact(n, field)).toString("utf8");
}

/** The container log files of one node's aggregated TFile. */
export async function* tfileContainerLogs(
  src: RandomAccessSource,
  name: string,
  filter?: AggregatedLogFilter,
): AsyncGenerator<AggregatedLogFile> {
  for await (const { key, value } of tfileRecords(src, name)) {
    const containerId = javaUtf(key, `${name}: record key`);
    if (RESERVED_KEYS.has(containerId) || !wanted(filter, containerId)) continue;
    while (!(await value.atEnd())) {
      const file = await readUtf(value, "log file name");
      const lengthText = await readUtf(value, `length of ${file}`);
      if (!/^\d{1,15}$/.test(lengthText))
        throw new HadoopFormatError(`${name}: ${containerId} ${file}: length '${lengthText}' is not a number`);
      const length = Number(lengthText);
      if (!wanted(filter, containerId, file)) {
        await value.skip(length);
        continue;
      }
      const { data, finish } = value.slice(length, `${containerId} ${file}`);
      yield { containerId, file, length, data };
      await finish();
    }
  }
}
