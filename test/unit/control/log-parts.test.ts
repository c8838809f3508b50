// The names of rolled log parts and the reading order every reader relies on.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  logicalLogName,
  missingPartsNote,
  orderStream,
  parsePartName,
  partFileName,
  ROLLED_LOGS_PATTERN,
} from "../../../src/control/log-parts.js";

test("part names: closed and open forms, parsed back; other files are not parts", () => {
  assert.equal(partFileName("stdout", 3, false), "stdout.part-000003");
  assert.equal(partFileName("stderr", 1234567, true), "stderr.part-1234567.open");
  assert.deepEqual(parsePartName("stdout.part-000003"), { stream: "stdout", part: 3, open: false });
  assert.deepEqual(parsePartName("stderr.part-000010.open"), { stream: "stderr", part: 10, open: true });
  for (const other of ["stdout", "appmaster.stdout", "stdout.part-3", "stdout.part-000003.tmp", "launch_container.sh"])
    assert.equal(parsePartName(other), undefined, other);
  assert.equal(logicalLogName("stderr.part-000002.open"), "stderr");
  assert.equal(logicalLogName("prelaunch.out"), "prelaunch.out");
});

test("the rolled include pattern (a Java regex, matched with find()) takes closed parts only", () => {
  const re = new RegExp(ROLLED_LOGS_PATTERN);
  assert.ok(re.test("stdout.part-000001"));
  assert.ok(re.test("stderr.part-000120"));
  // The part being written must never be uploaded (YARN deletes what it uploads from the node).
  for (const no of ["stdout.part-000001.open", "stdout", "xstdout.part-000001", "appmaster.stdout"])
    assert.equal(re.test(no), false, no);
});

test("reading order: parts by number (closed name wins over open), plain file last, gaps listed", () => {
  const names = [
    "stdout",
    "stdout.part-000004.open",
    "stdout.part-000002",
    "stderr.part-000001",
    "stdout.part-000004",
    "stdout.part-000006.open",
    "directory.info",
  ];
  const { pieces, missing } = orderStream(names, "stdout");
  assert.deepEqual(
    pieces.map((p) => p.name),
    ["stdout.part-000002", "stdout.part-000004", "stdout.part-000006.open", "stdout"],
  );
  assert.deepEqual(missing, [1, 3, 5]);
  assert.deepEqual(orderStream(["stdout"], "stdout"), { pieces: [{ name: "stdout", part: Infinity }], missing: [] });
});

test("a gap is stated with the parts and why", () => {
  assert.match(missingPartsNote("stdout", [3]), /stdout part 3 left the node before YARN aggregated it/);
  assert.match(missingPartsNote("stderr", [3, 4, 5, 6]), /stderr parts 3–6 .*them/);
});
