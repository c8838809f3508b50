// A work dir's HDFS data belongs to the Hadoop release that formatted it: `up` with another
// release (TSDASK_HADOOP_VERSION) is refused before anything running is stopped.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkDataVersion } from "../../../cluster/src/cluster.js";
import { HADOOP_VERSION, layout } from "../../../cluster/src/layout.js";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function workDir(marker?: string) {
  const l = layout(mkdtempSync(join(tmpdir(), "tsdask-data-version-")));
  dirs.push(l.work);
  mkdirSync(l.data, { recursive: true });
  if (marker !== undefined) writeFileSync(join(l.data, "hadoop-version"), `${marker}\n`);
  return l;
}

test("data formatted by another Hadoop release is refused, naming both and what to do", () => {
  const l = workDir("3.1.0");
  assert.notEqual(HADOOP_VERSION, "3.1.0");
  assert.throws(
    () => checkDataVersion(l),
    (e: Error) =>
      e.message.includes(`belongs to Hadoop 3.1.0, not ${HADOOP_VERSION}`) &&
      e.message.includes(l.data) &&
      /own TSDASK_CLUSTER_DIR/.test(e.message) &&
      /cluster\/hadoop clean/.test(e.message),
  );
});

test("data of the same release, or not yet marked, is used", () => {
  assert.doesNotThrow(() => checkDataVersion(workDir(HADOOP_VERSION)));
  assert.doesNotThrow(() => checkDataVersion(workDir()));
});
