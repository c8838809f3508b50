// Property tests of the aggregated-log readers: random bytes, and real files (written by the
// cluster, test/fixtures/aggregated-logs) with bytes flipped or cut off, end in the readers'
// typed error or in files — never in another exception, a hang or an unbounded allocation.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  type AggregatedLogFile,
  HadoopFormatError,
  indexedContainerLogs,
  readJavaObject,
  tfileContainerLogs,
} from "../../../src/hadoop-io/index.js";
import { readTFileVLong } from "../../../src/hadoop-io/tfile-vlong.js";
import { bufferSource, fixture } from "./fixtures.js";

const bytes = (max = 300) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));

/** Drains every file; passes when that ends or throws HadoopFormatError. */
async function drainOnlyFormatErrors(logs: AsyncIterable<AggregatedLogFile>): Promise<void> {
  try {
    for await (const l of logs) for await (const _ of l.data);
  } catch (err) {
    assert.ok(err instanceof HadoopFormatError, `threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
  }
}

const READERS = {
  tfile: (b: Buffer) => tfileContainerLogs(bufferSource(b), "fuzz"),
  indexed: (b: Buffer) => indexedContainerLogs(bufferSource(b), "fuzz"),
};

test("TFile VLongs: hand-computed encodings (Hadoop's Utils.writeVLong rules)", () => {
  const cases: [string, bigint][] = [
    ["00", 0n],
    ["7f", 127n],
    ["e0", -32n],
    ["cc80", 128n], // 2 bytes: first byte (128 >> 8) - 52 = -52, then the low byte
    ["cbdf", -33n], // (-33 >> 8) - 52 = -53, then the low byte of -33
    ["cd00", 256n],
  ];
  for (const [hex, v] of cases) assert.equal(readTFileVLong(Buffer.from(hex, "hex"), 0, "v").value, v, hex);
  // 2^20: firstByte 2^20 >> 16 = 16, not < 16, so the 4-byte form: (2^20 >> 24) - 112 = -112, then u16 0x1000, u8 0
  assert.equal(readTFileVLong(Buffer.from("90100000", "hex"), 0, "v").value, 1n << 20n);
  // 8-byte form: -121 (0x87) then a big-endian int64
  assert.equal(readTFileVLong(Buffer.from("877fffffffffffffff", "hex"), 0, "v").value, (1n << 63n) - 1n);
  assert.throws(() => readTFileVLong(Buffer.from("cc", "hex"), 0, "v"), HadoopFormatError);
  assert.throws(() => readTFileVLong(Buffer.from("80", "hex"), 0, "v"), HadoopFormatError); // length 1 < 4: corrupt
});

test("TFile VLongs: any bytes decode or fail with HadoopFormatError", () => {
  fc.assert(
    fc.property(bytes(10), (b) => {
      try {
        readTFileVLong(b, 0, "v");
      } catch (err) {
        assert.ok(err instanceof HadoopFormatError);
      }
    }),
    { numRuns: 3000 },
  );
});

test("Java serialization reader: random bytes and cut real metas only throw HadoopFormatError", () => {
  const { file } = fixture("indexed-none");
  const metaLength = file.readInt32BE(file.length - 36);
  const meta = file.subarray(file.length - 36 - metaLength, file.length - 36);
  assert.ok(readJavaObject(meta));
  const only = (b: Uint8Array) => {
    try {
      readJavaObject(b);
    } catch (err) {
      assert.ok(err instanceof HadoopFormatError, `threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
    }
  };
  fc.assert(
    fc.property(bytes(), (b) => only(Buffer.concat([Buffer.from("aced0005", "hex"), b]))),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(fc.nat(meta.length), fc.nat(meta.length - 1), fc.integer({ min: 0, max: 255 }), (cut, at, v) => {
      const m = Buffer.from(meta.subarray(0, Math.max(cut, 4)));
      if (at < m.length) m[at] = v;
      only(m);
    }),
    { numRuns: 2000 },
  );
});

for (const name of ["tfile-none", "tfile-gz", "indexed-none", "indexed-gz"]) {
  const read = READERS[name.startsWith("tfile") ? "tfile" : "indexed"];
  test(
    `${name}: random files, flipped bytes and truncations only throw HadoopFormatError`,
    { timeout: 120_000 },
    async () => {
      const { file } = fixture(name);
      await fc.assert(
        fc.asyncProperty(bytes(400), async (b) => drainOnlyFormatErrors(read(b))),
        { numRuns: 300 },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(file.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
          async (flips) => {
            const b = Buffer.from(file);
            for (const [at, v] of flips) b[at] = v;
            await drainOnlyFormatErrors(read(b));
          },
        ),
        { numRuns: 150 },
      );
      await fc.assert(
        fc.asyncProperty(fc.nat(file.length - 1), async (cut) => drainOnlyFormatErrors(read(file.subarray(0, cut)))),
        { numRuns: 100 },
      );
    },
  );
}
