// The readers on aggregated-log files written by a real cluster (Hadoop 3.4.2, both controllers,
// both codecs; test/fixtures/aggregated-logs/README.md says how they were made), compared with
// what Hadoop's own `yarn logs` printed for the same files.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import {
  type AggregatedLogFile,
  indexedContainerLogs,
  readBcFileIndex,
  readIndexedLogsMeta,
  type RandomAccessSource,
  tfileContainerLogs,
} from "../../../src/hadoop-io/index.js";
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

async function collect(logs: AsyncIterable<AggregatedLogFile>): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const l of logs) {
    const parts: Uint8Array[] = [];
    for await (const c of l.data) parts.push(c);
    const bytes = Buffer.concat(parts);
    assert.equal(bytes.length, l.length, `${l.containerId} ${l.file}: length`);
    out.set(fileKey(l.containerId, l.file), bytes);
  }
  return out;
}

const CASES = [
  { name: "tfile-none", read: (s: RandomAccessSource) => tfileContainerLogs(s, "tfile-none") },
  { name: "tfile-gz", read: (s: RandomAccessSource) => tfileContainerLogs(s, "tfile-gz") },
  { name: "indexed-none", read: (s: RandomAccessSource) => indexedContainerLogs(s, "indexed-none") },
  { name: "indexed-gz", read: (s: RandomAccessSource) => indexedContainerLogs(s, "indexed-gz") },
];

for (const c of CASES) {
  test(`${c.name}: every container's every file equals what yarn logs printed, byte for byte`, async () => {
    const { file, expected } = fixture(c.name);
    assert.ok(expected.size >= 20, `the fixture's yarn logs output has ${expected.size} files`);
    const got = await collect(c.read(bufferSource(file)));
    assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
    for (const [k, v] of expected) assert.ok(got.get(k)!.equals(v), `${k} differs`);
    // The client's stdout holds non-ASCII text: bytes, not re-encoded characters.
    assert.ok([...got.entries()].some(([k, v]) => k.endsWith(" stdout") && v.includes("é ünïcode")));
  });

  test(`${c.name}: reads served in 7-byte pieces give the same result`, async () => {
    const { file } = fixture(c.name);
    const whole = await collect(c.read(bufferSource(file)));
    const pieces = await collect(c.read(bufferSource(file, 7)));
    assert.deepEqual(pieces, whole);
  });

  test(`${c.name}: a consumer that stops early or skips files does not shift the next ones`, async () => {
    const { file, expected } = fixture(c.name);
    let i = 0;
    for await (const l of c.read(bufferSource(file))) {
      if (i++ % 2 === 0) continue; // never read
      const it = l.data[Symbol.asyncIterator]();
      const first = await it.next(); // read one chunk, then leave
      if (!first.done)
        assert.ok(
          expected.get(fileKey(l.containerId, l.file))!.subarray(0, first.value.byteLength).equals(first.value),
        );
      await it.return?.();
    }
    assert.ok(i >= 20);
  });
}

test("the TFile fixtures: BCFile 1.0 with their codec; the indexed ones: meta with user, codec and node", async () => {
  const none = await readBcFileIndex(bufferSource(fixture("tfile-none").file));
  assert.deepEqual([none.version.major, none.version.minor, none.dataCodec], [1, 0, "none"]);
  assert.ok(none.metaBlocks.has("TFile.meta") && none.metaBlocks.has("TFile.index"));
  assert.equal((await readBcFileIndex(bufferSource(fixture("tfile-gz").file))).dataCodec, "gz");
  const meta = await readIndexedLogsMeta(bufferSource(fixture("indexed-gz").file));
  assert.deepEqual([meta.user, meta.codec, meta.nodeId], ["root", "gz", "localhost:14041"]);
  assert.equal(meta.entries.length, 24);
  assert.equal((await readIndexedLogsMeta(bufferSource(fixture("indexed-none").file))).codec, "none");
});

test("filters: unwanted containers and files are skipped; indexed files never read their bytes", async () => {
  const { file, expected } = fixture("indexed-none");
  const client = [...expected.keys()].find((k) => k.endsWith(" stdout") && expected.get(k)!.includes("sum = 45"))!;
  const [containerId] = client.split(" ");
  const src = bufferSource(file);
  const got = await collect(
    indexedContainerLogs(src, "x", { container: (id) => id === containerId, file: (f) => f === "stdout" }),
  );
  assert.deepEqual([...got.keys()], [client]);
  assert.ok(src.reads <= 4, `${src.reads} reads`);
  const t = fixture("tfile-gz");
  const tclient = [...t.expected.keys()].find((k) => k.endsWith(" stdout") && t.expected.get(k)!.includes("sum = 45"))!;
  const tgot = await collect(
    tfileContainerLogs(bufferSource(t.file), "x", {
      container: (id) => id === tclient.split(" ")[0],
      file: (f) => f === "stdout",
    }),
  );
  assert.deepEqual([...tgot.entries()], [[tclient, t.expected.get(tclient)]]);
});
