// RollingLog on a real directory: parts close at the size bound, keep their number when closed,
// the node never holds more than parts × partBytes, and what is kept is the stream's tail.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { RollingLog, rollPolicyFrom } from "../../../src/service/rolling-log.js";

const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${String(from + i).padStart(6, "0")}\n`).join("");

function partsOf(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.startsWith("stdout.part-"))
    .sort();
}

test("parts close at the bound, the oldest go beyond `parts`, the kept ones are the stream's tail", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roll-"));
  try {
    const log = new RollingLog(dir, "stdout", { partBytes: 1000, parts: 3 });
    const text = lines(0, 1000); // 12,000 bytes in odd-sized writes
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += 777) log.write(bytes.subarray(at, at + 777));
    log.close();
    const names = partsOf(dir);
    // 12 full parts were closed (numbers 1..12), the 13th is being written (empty); 2 closed are kept.
    assert.deepEqual(names, ["stdout.part-000011", "stdout.part-000012", "stdout.part-000013.open"]);
    for (const n of names.slice(0, 2)) assert.equal(statSync(path.join(dir, n)).size, 1000);
    const kept = names.map((n) => readFileSync(path.join(dir, n), "utf8")).join("");
    assert.equal(kept, text.slice(10_000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("parts removed by someone else (YARN's upload) do not count; numbering continues after a restart", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roll-"));
  try {
    const log = new RollingLog(dir, "stdout", { partBytes: 10, parts: 4 });
    log.write(Buffer.from("0123456789abcdefghij")); // parts 1 and 2 closed, 3 open
    rmSync(path.join(dir, "stdout.part-000001")); // the NodeManager uploaded and deleted it
    log.write(Buffer.from("ABCDEFGHIJ"));
    log.close();
    assert.deepEqual(partsOf(dir), ["stdout.part-000002", "stdout.part-000003", "stdout.part-000004.open"]);
    const again = new RollingLog(dir, "stdout", { partBytes: 10, parts: 4 });
    again.write(Buffer.from("x"));
    again.close();
    assert.ok(partsOf(dir).includes("stdout.part-000004.open"), "an open part from before is appended to");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the policy comes from the AM's variables; an unexpanded or missing log dir means no rolling", () => {
  const env = { TSDASK_LOG_DIR: "/var/log/c1", TSDASK_LOG_PART_BYTES: "1048576", TSDASK_LOG_PARTS: "8" };
  assert.deepEqual(rollPolicyFrom(env), { dir: "/var/log/c1", partBytes: 1048576, parts: 8 });
  assert.equal(rollPolicyFrom({ ...env, TSDASK_LOG_DIR: "<LOG_DIR>" }), undefined);
  assert.equal(rollPolicyFrom({ ...env, TSDASK_LOG_PARTS: "1" }), undefined);
  assert.equal(rollPolicyFrom({}), undefined);
});
