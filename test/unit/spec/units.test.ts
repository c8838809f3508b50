import assert from "node:assert/strict";
import { test } from "node:test";
import { formatMemoryMiB, parseDurationSeconds, parseMemoryMiB, UnitError } from "../../../src/spec/index.js";

// Expected values computed by hand from the documented rule: SI decimal, IEC binary, whole MiB rounded up.
const MEMORY: [string | number, number][] = [
  ["2 GiB", 2048],
  ["8GiB", 8192],
  ["1.5 GiB", 1536],
  ["512MiB", 512],
  ["512 mib", 512],
  ["2Gi", 2048],
  ["1 TiB", 1048576],
  ["1024 KiB", 1],
  ["512MB", 489], // 512e6 / 1048576 = 488.28 → 489, as Skein's parse_memory
  ["2 GB", 1908], // 2e9 / 1048576 = 1907.35
  ["1g", 954], // 1e9 / 1048576 = 953.67
  ["1000 KB", 1], // 1e6 bytes = 0.95 MiB → 1
  ["1048576 B", 1],
  ["3000", 3000], // a number without unit is MiB
  [1024, 1024],
  [0.5, 1],
  ["1e3", 1000],
];

for (const [input, mib] of MEMORY) {
  test(`memory ${JSON.stringify(input)} = ${mib} MiB`, () => assert.equal(parseMemoryMiB(input), mib));
}

for (const bad of ["lots", "2 GiBs", "GiB", "-1 GiB", "0", 0, -5, "1.2.3 MB", "", Number.NaN]) {
  test(`memory ${JSON.stringify(bad)} is rejected`, () => assert.throws(() => parseMemoryMiB(bad), UnitError));
}

const DURATIONS: [string | number, number][] = [
  ["30s", 30],
  ["5m", 300],
  ["1h", 3600],
  ["1.5h", 5400],
  ["2 minutes", 120],
  ["1d", 86400],
  ["500ms", 1], // rounded up so a short timeout still waits
  ["90", 90],
  [45, 45],
  [0, 0],
];

for (const [input, s] of DURATIONS) {
  test(`duration ${JSON.stringify(input)} = ${s} s`, () => assert.equal(parseDurationSeconds(input), s));
}

for (const bad of ["soon", "5 fortnights", "-1s", -3, "m5"]) {
  test(`duration ${JSON.stringify(bad)} is rejected`, () => assert.throws(() => parseDurationSeconds(bad), UnitError));
}

test("formatMemoryMiB gives the shortest exact form and parses back", () => {
  for (const [mib, text] of [
    [2048, "2 GiB"],
    [1536, "1536 MiB"],
    [1048576, "1 TiB"],
    [489, "489 MiB"],
  ] as const) {
    assert.equal(formatMemoryMiB(mib), text);
    assert.equal(parseMemoryMiB(text), mib);
  }
});
