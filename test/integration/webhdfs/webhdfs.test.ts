// Every WebHDFS call against the real NameNode/DataNode, cross-checked with Hadoop's own `hdfs dfs`.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { RemoteJavaError } from "../../../src/errors.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { sha256File } from "../../../src/launcher/staging/index.js";
import { hadoopTool, localCluster } from "../../support/cluster.js";

const c = localCluster();
const hdfs = new WebHdfsClient({ urls: [c.nnWeb], user: c.user });
const base = `/tmp/tsdask-it-webhdfs-${process.pid}`;
const local = mkdtempSync(join(tmpdir(), "tsdask-it-webhdfs-"));

before(async () => {
  assert.equal(await hdfs.mkdirs(base, "755"), true);
});
after(async () => {
  await hdfs.delete(base, true);
  rmSync(local, { recursive: true, force: true });
});

const code = (c: string) => (e: unknown) => e instanceof RemoteJavaError && e.code === c;

test("home dir, mkdirs with permission, stat, list", async () => {
  assert.equal(await hdfs.homeDirectory(), `/user/${c.user}`);
  assert.equal(await hdfs.mkdirs(`${base}/d/e`, "750"), true);
  const st = await hdfs.stat(`${base}/d/e`);
  assert.equal(st.type, "DIRECTORY");
  assert.equal(st.permission, "750");
  assert.equal(st.owner, c.user);
  assert.deepEqual(
    (await hdfs.list(`${base}/d`)).map((s) => [s.name, s.type]),
    [["e", "DIRECTORY"]],
  );
  await assert.rejects(hdfs.stat(`${base}/missing`), code("HDFS_FILE_NOT_FOUND"));
  assert.equal(await hdfs.statIfExists(`${base}/missing`), undefined);
});

test("create, overwrite rules, open with offset/length, rename, set permission, delete", async () => {
  const p = `${base}/small.txt`;
  await hdfs.create(p, Buffer.from("hello webhdfs"), { permission: "600" });
  await assert.rejects(hdfs.create(p, Buffer.from("again")), code("HDFS_ALREADY_EXISTS"));
  await hdfs.create(p, Buffer.from("0123456789"), { overwrite: true, permission: "600" });
  const st = await hdfs.stat(p);
  assert.equal(st.length, 10);
  assert.equal(st.permission, "600");
  // Hadoop's own client sees the same length and modification time (the LocalResource contract).
  const dfs = hadoopTool(["hdfs", "dfs", "-stat", "%b %Y", p]);
  assert.equal(dfs.status, 0, dfs.stderr);
  assert.equal(dfs.stdout.trim(), `10 ${st.modificationTime}`);
  const part = await hdfs.open(p, { offset: 3, length: 4 });
  let text = "";
  for await (const chunk of part) text += chunk;
  assert.equal(text, "3456");
  assert.equal(await hdfs.rename(p, `${base}/renamed.txt`), true);
  assert.equal(await hdfs.rename(p, `${base}/renamed2.txt`), false, "source gone");
  await hdfs.setPermission(`${base}/renamed.txt`, "640");
  assert.equal((await hdfs.stat(`${base}/renamed.txt`)).permission, "640");
  await assert.rejects(hdfs.open(`${base}/nope`), code("HDFS_FILE_NOT_FOUND"));
  assert.equal(await hdfs.delete(`${base}/renamed.txt`), true);
  assert.equal(await hdfs.delete(`${base}/renamed.txt`), false);
});

test("create with createParent false fails on a missing directory and makes none; the default makes it", async () => {
  const dir = `${base}/gone`;
  await assert.rejects(
    hdfs.create(`${dir}/journal.json`, Buffer.from("{}"), { createParent: false }),
    code("HDFS_FILE_NOT_FOUND"),
  );
  assert.equal(await hdfs.statIfExists(dir), undefined, "no directory was made");
  await hdfs.create(`${dir}/journal.json`, Buffer.from("{}"), { permission: "600" });
  assert.equal((await hdfs.stat(dir)).type, "DIRECTORY");
  await hdfs.create(`${dir}/journal.json`, Buffer.from("{1}"), { overwrite: true, createParent: false });
  assert.equal((await hdfs.stat(`${dir}/journal.json`)).length, 3, "an existing directory takes the write");
});

test("another user is denied access to a 700 directory (AccessControlException kept)", async () => {
  await hdfs.mkdirs(`${base}/private`, "700");
  const other = new WebHdfsClient({ urls: [c.nnWeb], user: `nobody${process.pid}` });
  await assert.rejects(other.create(`${base}/private/x`, Buffer.from("x")), (e: unknown) => {
    assert.ok(e instanceof RemoteJavaError);
    assert.equal(e.code, "HDFS_ACCESS_DENIED");
    assert.equal(e.javaClassName, "org.apache.hadoop.security.AccessControlException");
    assert.match(e.message, /Permission denied: user=nobody\d+/);
    return true;
  });
});

test("a 200 MiB file streams up with progress and reads back byte-identical", async () => {
  const file = join(local, "200m.bin");
  const out = createWriteStream(file);
  const block = randomBytes(1 << 20);
  for (let i = 0; i < 200; i++) {
    block.writeUInt32BE(i, 0); // every MiB differs, so a misplaced block changes the hash
    if (!out.write(Buffer.from(block))) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  const p = `${base}/200m.bin`;
  let last = 0;
  let calls = 0;
  await hdfs.create(p, file, {
    onProgress: (sent, total) => {
      assert.ok(sent >= last);
      assert.equal(total, 200 << 20);
      last = sent;
      calls++;
    },
  });
  assert.equal(last, 200 << 20);
  assert.ok(calls > 10);
  assert.equal((await hdfs.stat(p)).length, 200 << 20);
  const h = createHash("sha256");
  for await (const chunk of await hdfs.open(p)) h.update(chunk as Buffer);
  assert.equal(h.digest("hex"), await sha256File(file));
});
