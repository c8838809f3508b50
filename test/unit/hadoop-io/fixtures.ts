// The aggregated-log fixtures written by the real cluster (test/fixtures/aggregated-logs), and a
// Buffer as the readers' RandomAccessSource.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { RandomAccessSource } from "../../../src/hadoop-io/index.js";
import { fileKey, parseYarnLogsOutput } from "../../support/yarn-logs-output.js";

const DIR = join(import.meta.dirname, "../../fixtures/aggregated-logs");

export function fixture(name: string): { file: Buffer; expected: Map<string, Buffer>; appId: string } {
  const file = gunzipSync(readFileSync(join(DIR, name, "localhost_14041.gz")));
  const yarn = parseYarnLogsOutput(gunzipSync(readFileSync(join(DIR, name, "yarn-logs.txt.gz"))));
  const expected = new Map(yarn.map((f) => [fileKey(f.containerId, f.file), f.bytes]));
  return { file, expected, appId: readFileSync(join(DIR, name, "app"), "utf8").trim() };
}

/** A Buffer as a RandomAccessSource that serves at most `step` bytes per read, counting reads. */
export function bufferSource(buf: Buffer, step = Infinity): RandomAccessSource & { reads: number } {
  const src = {
    size: buf.length,
    reads: 0,
    async read(offset: number, length: number) {
      src.reads++;
      return buf.subarray(offset, offset + Math.min(length, step));
    },
  };
  return src;
}
