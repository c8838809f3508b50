// The content-addressed cache against the real HDFS: upload once, reuse, survive a kill.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { sha256File, uploadToCache } from "../../../src/launcher/staging/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ROOT, localCluster } from "../../support/cluster.js";

const c = localCluster();
const hdfs = new WebHdfsClient({ urls: [c.nnWeb], user: c.user });
const cacheRoot = `/tmp/tsdask-it-cache-${process.pid}`;
const local = mkdtempSync(join(tmpdir(), "tsdask-it-cache-"));

after(async () => {
  await hdfs.delete(cacheRoot, true);
  rmSync(local, { recursive: true, force: true });
});

test("first upload transfers the file; the second with the same bytes transfers nothing", async () => {
  const file = join(local, "env.tar.gz");
  writeFileSync(file, randomBytes(3 << 20));
  const sha = await sha256File(file);
  let sent1 = 0;
  const first = await uploadToCache(hdfs, file, { cacheRoot, onProgress: (s) => (sent1 = s) });
  assert.equal(first.uploaded, true);
  assert.equal(sent1, 3 << 20);
  assert.equal(first.sha256, sha);
  assert.equal(first.path, `${cacheRoot}/${sha}/env.tar.gz`);
  assert.equal(first.status.length, 3 << 20);
  // Only the final entry is left in the hash dir: the temporary name was renamed away.
  assert.deepEqual(
    (await hdfs.list(`${cacheRoot}/${sha}`)).map((s) => s.name),
    ["env.tar.gz"],
  );
  assert.equal((await hdfs.stat(`${cacheRoot}/${sha}`)).permission, "700");

  let sent2 = 0;
  const second = await uploadToCache(hdfs, file, { cacheRoot, onProgress: (s) => (sent2 = s) });
  assert.equal(second.uploaded, false);
  assert.equal(sent2, 0, "no byte sent");
  assert.equal(second.status.modificationTime, first.status.modificationTime, "the entry was not rewritten");
});

test("a directory is packed deterministically: the same content hits the same entry", async () => {
  for (const d of ["a", "b"]) {
    mkdirSync(join(local, d, "sub"), { recursive: true });
    writeFileSync(join(local, d, "sub", "x.py"), "print('x')\n");
    writeFileSync(join(local, d, "top.txt"), "top\n");
  }
  const a = await uploadToCache(hdfs, join(local, "a"), { cacheRoot, name: "files.tar.gz" });
  const b = await uploadToCache(hdfs, join(local, "b"), { cacheRoot, name: "files.tar.gz" });
  assert.equal(a.uploaded, true);
  assert.equal(b.uploaded, false);
  assert.equal(a.path, b.path);
});

test("an upload killed halfway leaves no cache entry, and a later upload completes it", async () => {
  const file = join(local, "big.bin");
  writeFileSync(file, randomBytes(64 << 20));
  const sha = await sha256File(file);
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "test/support/upload-to-cache.ts"), c.nnWeb, c.user, file, cacheRoot],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<NodeJS.Signals | number | null>((r) =>
    child.on("exit", (code, signal) => r(signal ?? code)),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("HALF")) resolve();
      });
      child.on("exit", () => reject(new Error(`child exited before half: ${out} ${err}`)));
    });
    child.kill("SIGKILL");
    assert.equal(await exited, "SIGKILL");
  } finally {
    child.kill("SIGKILL");
  }
  assert.ok(!out.includes("DONE"));
  const entry = `${cacheRoot}/${sha}/big.bin`;
  assert.equal(await hdfs.statIfExists(entry), undefined, "no cache entry after the kill");
  // The partial bytes are only under a temporary name, never the entry's.
  for (const s of await hdfs.list(`${cacheRoot}/${sha}`)) assert.match(s.name, /^\.big\.bin\.[0-9a-f]+\.uploading$/);
  const again = await uploadToCache(hdfs, file, { cacheRoot });
  assert.equal(again.uploaded, true);
  assert.equal(again.status.length, 64 << 20);
});
