// The NameNode fails under a submit, for real (SIGKILL of its JVM through its pid file; the
// test starts it again with the same command line): down when submit starts, and dying in the
// middle of a 256 MiB upload. The CLI must fail with a typed, readable error, leave no application
// and no staging dir, and say exactly what it left (the partial upload it could not delete with
// HDFS down), which `cache clean --older-than 0` then removes. Partial uploads older than a day
// are removed by `cache ls` and `cache clean`; younger ones only with --older-than.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { clusterAddresses } from "../../../src/hadoop-conf/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { localCluster } from "../../support/cluster.js";
import { daemonCommand, startDaemon, stopDaemon } from "../../support/daemon-pids.js";
import { runCli, spawnCli, tempHome } from "./run-cli.js";
import { partialUploads, writeBigEnv } from "./uploads-support.js";

const c = localCluster();
const confDir = c.confDir;
const hdfs = WebHdfsClient.fromAddresses(clusterAddresses({ confDir, env: {} }), { user: c.user });
const opts = { confDir, env: { HADOOP_USER_NAME: c.user }, home: tempHome() };
const cache = `/user/${c.user}/.tsdask-yarn/cache`;
const CACHE = cache;
const dir = mkdtempSync(join(tmpdir(), "tsdask-e2e-hdfs-faults-"));
let bigEnv = "";

before(() => {
  bigEnv = writeBigEnv(dir, 256);
});

after(() => rmSync(dir, { recursive: true, force: true }));

const partials = () => partialUploads(hdfs, CACHE);

/**
 * Starts the NameNode again and waits until HDFS takes a file write through the DataNode: not
 * only out of safe mode, but with the DataNode's own client to the NameNode working again (its
 * first call after the restart may fail on the dead connection, which the next test would see).
 */
async function restartNameNode(cmd: ReturnType<typeof daemonCommand>): Promise<void> {
  startDaemon("namenode", cmd);
  const end = Date.now() + 120_000;
  const probe = () =>
    hdfs.create("/tmp/tsdask-nn-probe", Buffer.from("probe"), { overwrite: true }).then(
      () => true,
      () => false,
    );
  while (!(await probe())) {
    if (Date.now() > end) throw new Error("HDFS did not take a file write within 120 s of the NameNode restart");
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Kills the NameNode, runs `during`, starts it again and waits until HDFS takes writes. A kill
 * that never happened (killAfter threw) restarts nothing: a second NameNode would fail on the
 * first one's ports and leave its dead pid in the pid file, breaking every later suite.
 */
async function withNameNodeDown<T>(during: (killed: Promise<void>) => Promise<T>, killAfter?: () => Promise<void>) {
  const cmd = daemonCommand("namenode");
  let stopped = false;
  const killed = (async () => {
    await killAfter?.();
    await stopDaemon("namenode", "SIGKILL");
    stopped = true;
  })();
  let result: T;
  try {
    result = await during(killed);
  } finally {
    await killed.catch(() => undefined);
    if (stopped) await restartNameNode(cmd);
  }
  await killed; // a kill that never happened fails the test with its reason
  return result;
}

const errorOf = (stdout: string) => (JSON.parse(stdout.trim().split("\n").pop()!) as { error: { code: string } }).error;

test("NameNode down at submit: a typed error naming the NameNode, exit 1, nothing submitted", async () => {
  const r = await withNameNodeDown(async (killed) => {
    await killed;
    return runCli(["submit", "--json", "--environment", bigEnv], opts);
  });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(errorOf(r.stdout).code, "HDFS_UNREACHABLE");
  assert.match(
    r.stderr,
    /error: reading the home directory: no active NameNode answered; tried http:\/\/[^ ]+ \(ECONNREFUSED\)/,
  );
  assert.doesNotMatch(r.stderr, /application_\d+/, "no application was created");
});

test("NameNode dies mid-upload: HDFS_NAMENODE_LOST, the partial upload is named, cache clean removes it", async () => {
  for (const p of await partials()) await hdfs.delete(p); // the kill waits for this run's partial upload
  const child = spawnCli(["submit", "--json", "--environment", bigEnv], opts);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const code = await withNameNodeDown(
    () => exited,
    async () => {
      const end = Date.now() + 60_000;
      while ((await partials()).length === 0) {
        if (Date.now() > end) throw new Error(`no partial upload appeared; stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  );
  assert.equal(code, 1, stderr);
  assert.equal(errorOf(stdout).code, "HDFS_NAMENODE_LOST", stderr);
  assert.match(
    stderr,
    /error: creating \S+\.uploading: the NameNode (\([^)]+\) )?stopped answering (the DataNode )?after \d+ of \d+ bytes/,
  );
  assert.doesNotMatch(stderr, /End of File Exception/);
  const left =
    /left behind: partial upload of big-env\.tar (\S+) .*remove it with 'tsdask-yarn cache clean --older-than 0'/.exec(
      stderr,
    );
  assert.ok(left, stderr);
  assert.match(stderr, /1 thing\(s\) left behind/);
  // Upload comes before staging: there is no staging dir, and the app was never submitted.
  const appId = /application_\d+_\d+/.exec(stderr)![0];
  assert.equal(await hdfs.statIfExists(`/user/${c.user}/.tsdask-yarn/apps/${appId}`), undefined);
  assert.deepEqual(await partials(), [left[1]]);

  const ls = await runCli(["cache", "ls"], opts);
  assert.equal(ls.code, 0, ls.stderr);
  assert.match(ls.stdout, /\t\.big-env\.tar\.[0-9a-f]+\.uploading\tpartial\t/);
  assert.deepEqual(await partials(), [left[1]], "a fresh partial upload stays (it may be another submit's)");
  const clean = await runCli(["cache", "clean", "--older-than", "0"], opts);
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stderr, new RegExp(`removed partial upload ${left[1]!.replace(/\./g, "\\.")}`));
  assert.deepEqual(await partials(), []);
});

test("partial uploads older than a day: cache ls removes them and lists the rest with sizes", async () => {
  const entry = `${cache}/${"ab".repeat(32)}`;
  const old = `${entry}/.env.tar.gz.0123456789ab.uploading`;
  const fresh = `${entry}/.env.tar.gz.ba9876543210.uploading`;
  const complete = `${entry}/env.tar.gz`;
  await hdfs.create(old, Buffer.alloc(3 << 20), { overwrite: true });
  await hdfs.create(fresh, Buffer.alloc(1 << 20), { overwrite: true });
  await hdfs.create(complete, Buffer.alloc(2 << 20), { overwrite: true });
  // Two days ago, as WebHDFS SETTIMES sets it.
  const twoDaysAgo = Date.now() - 2 * 86_400_000;
  const res = await fetch(
    `${c.nnWeb}/webhdfs/v1${old}?op=SETTIMES&modificationtime=${twoDaysAgo}&user.name=${c.user}`,
    { method: "PUT" },
  );
  assert.equal(res.status, 200);
  try {
    const ls = await runCli(["cache", "ls"], opts);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stderr, new RegExp(`removed partial upload ${old.replace(/\./g, "\\.")} \\(3\\.0 MiB\\)`));
    const rows = ls.stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split("\t"));
    const mine = rows.filter((r) => r[0] === "ab".repeat(6));
    assert.deepEqual(mine.map((r) => [r[1], r[2], r[3]]).sort(), [
      [".env.tar.gz.ba9876543210.uploading", "partial", "1.0 MiB"],
      ["env.tar.gz", "entry", "2.0 MiB"],
    ]);
    assert.equal(await hdfs.statIfExists(old), undefined);
    const kept = await runCli(["cache", "clean"], opts);
    assert.equal(kept.code, 0, kept.stderr);
    assert.ok(await hdfs.statIfExists(fresh), "clean without --older-than keeps a partial upload of today");
    const all = await runCli(["cache", "clean", "--older-than", "0"], opts);
    assert.equal(all.code, 0, all.stderr);
    assert.equal(await hdfs.statIfExists(fresh), undefined);
    assert.ok(await hdfs.statIfExists(complete), "complete entries are never removed by clean");
  } finally {
    await hdfs.delete(entry, true);
  }
});
