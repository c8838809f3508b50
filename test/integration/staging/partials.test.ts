// Partial uploads against the real HDFS: an upload into the cache first removes the partial
// uploads (`*.uploading`) that cut uploads left more than a day ago, and keeps younger ones (they
// may be another submit's, still uploading); an aborted upload deletes its own partial file.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { sha256File, uploadToCache, type SweepResult } from "../../../src/launcher/staging/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { localCluster } from "../../support/cluster.js";

const c = localCluster();
const hdfs = new WebHdfsClient({ urls: [c.nnWeb], user: c.user });
const cacheRoot = `/tmp/tsdask-it-partials-${process.pid}`;
const local = mkdtempSync(join(tmpdir(), "tsdask-it-partials-"));

after(async () => {
  await hdfs.delete(cacheRoot, true);
  rmSync(local, { recursive: true, force: true });
});

/** A partial upload file last modified `ageMs` ago (WebHDFS SETTIMES). */
async function partial(path: string, ageMs: number): Promise<void> {
  await hdfs.create(path, Buffer.alloc(1 << 20), { overwrite: true });
  const url = `${c.nnWeb}/webhdfs/v1${path}?op=SETTIMES&modificationtime=${Date.now() - ageMs}&user.name=${c.user}`;
  assert.equal((await fetch(url, { method: "PUT" })).status, 200);
}

test("an upload removes partial uploads older than a day, and only those", async () => {
  const old = `${cacheRoot}/${"0".repeat(64)}/.env.tar.gz.00aa00aa00aa.uploading`;
  const young = `${cacheRoot}/${"1".repeat(64)}/.env.tar.gz.11bb11bb11bb.uploading`;
  await partial(old, 25 * 3600_000);
  await partial(young, 3600_000);
  const file = join(local, "runtime.tar.gz");
  writeFileSync(file, randomBytes(1 << 20));
  let sweep: SweepResult | undefined;
  const up = await uploadToCache(hdfs, file, { cacheRoot, onSweep: (r) => (sweep = r) });
  assert.equal(up.uploaded, true);
  assert.deepEqual(
    sweep?.removed.map((f) => [f.path, f.bytes]),
    [[old, 1 << 20]],
  );
  assert.equal(await hdfs.statIfExists(old), undefined);
  assert.ok(await hdfs.statIfExists(young), "a partial upload of the last day stays");
});

test("an aborted upload stops, deletes its partial file and the entry dir it made", async () => {
  const file = join(local, "env.tar");
  writeFileSync(file, randomBytes(64 << 20));
  const abort = new AbortController();
  let sentAtAbort = 0;
  const started = Date.now();
  await assert.rejects(
    uploadToCache(hdfs, file, {
      cacheRoot,
      signal: abort.signal,
      onProgress: (sent, total) => {
        if (!abort.signal.aborted && total && sent > total / 4) {
          sentAtAbort = sent;
          abort.abort();
        }
      },
    }),
    (e: unknown) => (e as { code?: string }).code === "HDFS_TRANSFER_ABORTED",
  );
  assert.ok(sentAtAbort > 0 && sentAtAbort < 64 << 20);
  console.log(`aborted upload returned ${Date.now() - started} ms after it started`);
  assert.equal(await hdfs.statIfExists(`${cacheRoot}/${await sha256File(file)}`), undefined, "entry dir removed");
});
