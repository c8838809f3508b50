// Nothing outlives its application, whoever ended it (issue 21): an application killed through
// the RM's REST API loses its staging directory to its own AM (SIGTERM); one whose AM died with
// kill -9 on its last attempt loses it to the owner's next command; `cache clean --unused-for`
// evicts an entry nobody used for 40 days and keeps an old one a running application uses.
// Everything runs under a private staging root, so other suites' applications and cache entries
// on the shared cluster are never looked at.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { submit, type RunningApplication } from "../../../src/launcher/index.js";
import { uploadToCache } from "../../../src/launcher/staging/index.js";
import { specFromYaml } from "../../../src/spec/index.js";
import { ROOT } from "../../support/cluster.js";
import { containerPids } from "../../support/containers.js";
import { bundles, cluster, hdfs, killLeftovers, sharedDir, trackApps } from "../../integration/appmaster/support.js";
import { runCli } from "./run-cli.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const DAY = 24 * 3600 * 1000;
let root: string;

before(async () => {
  root = `${await hdfs.homeDirectory()}/tsdask-sweep-${process.pid}`;
});
after(async () => {
  await killLeftovers();
  await hdfs.delete(root, true).catch(() => false);
});

async function sleeper(name: string, maxAttempts: number): Promise<RunningApplication> {
  const yaml = [
    `name: tsdask-sweep-${name}`,
    `hadoop: {conf-dir: ${cluster.confDir}}`,
    `staging-dir: ${root}`,
    "tags: [tsdask-sweep]",
    `max-attempts: ${maxAttempts}`,
    "master: {memory: 256 MiB}",
    "dask: false",
    "services:",
    "  sleeper: {memory: 128 MiB, script: sleep 600}",
  ].join("\n");
  const spec = specFromYaml(yaml, { cwd: ROOT, allowMissingEnvironment: true });
  return submit(spec, { runtime: { distDir: await bundles() }, onEvent: trackApps });
}

/** PUT .../state KILLED: what the RM UI, `yarn application -kill` and scripts do. */
async function restKill(appId: string): Promise<void> {
  const url = `${cluster.rmWeb}/ws/v1/cluster/apps/${appId}/state?user.name=${cluster.user}`;
  const res = await fetch(url, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ state: "KILLED" }),
  });
  assert.ok(res.status === 200 || res.status === 202, `kill answered ${res.status}: ${await res.text()}`);
}

async function stateOf(appId: string): Promise<string> {
  const res = await fetch(`${cluster.rmWeb}/ws/v1/cluster/apps/${appId}/state?user.name=${cluster.user}`);
  return ((await res.json()) as { state: string }).state;
}

async function untilState(appId: string, states: string[], timeoutMs: number): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await stateOf(appId);
    if (states.includes(s) || Date.now() > end) return s;
    await sleep(500);
  }
}

const cli = (args: string[]) =>
  runCli(args, { confDir: cluster.confDir, env: { TSDASK_YARN_STAGING_DIR: root }, timeoutMs: 120_000 });
const entryDir = (path: string) => path.slice(0, path.lastIndexOf("/"));

test("cache clean --unused-for evicts an entry unused for 40 days and keeps an old one a running app uses", async () => {
  const app = await sleeper("cache", 1);
  const runtimeDir = entryDir(app.uploads.runtime.path);
  const scratch = sharedDir("tsdask-sweep-");
  writeFileSync(join(scratch, "old-entry.txt"), `unused since long ago ${process.pid}\n`);
  const old = await uploadToCache(hdfs, join(scratch, "old-entry.txt"), { cacheRoot: `${root}/.tsdask-yarn/cache` });
  // Both last used 40 days ago (what cache ls shows as LAST USED).
  for (const d of [runtimeDir, entryDir(old.path)]) await hdfs.setModificationTime(d, Date.now() - 40 * DAY);
  const ls = await cli(["cache", "ls"]);
  assert.equal(ls.code, 0, ls.stderr);
  assert.match(ls.stdout, /LAST USED/);
  const r = await cli(["cache", "clean", "--unused-for", "30d"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`evicted ${old.path}`));
  assert.match(r.stderr, new RegExp(`kept ${app.uploads.runtime.path}: in use by ${app.appId}`));
  assert.equal(await hdfs.statIfExists(old.path), undefined, "the unused entry is gone");
  assert.ok(await hdfs.statIfExists(app.uploads.runtime.path), "the running application's entry stays");
  // A younger threshold than its last use keeps a fresh entry; the running app still works.
  assert.equal((await app.client.status()).application.state, "RUNNING");
  await app.client.shutdown("SUCCEEDED", "test done");
});

test("killed through the RM REST API as its owner: its AM removes the staging directory (SIGTERM)", async () => {
  // The last attempt: no later attempt can need the directory, so the AM removes it itself.
  const app = await sleeper("rest-kill", 1);
  assert.ok(await hdfs.statIfExists(app.stagingDir));
  const t0 = Date.now();
  await restKill(app.appId);
  assert.equal(await untilState(app.appId, ["KILLED"], 60_000), "KILLED");
  // No launcher command runs in between: only the AM can have removed it.
  while ((await hdfs.statIfExists(app.stagingDir)) && Date.now() - t0 < 60_000) await sleep(500);
  assert.equal(await hdfs.statIfExists(app.stagingDir), undefined, `${app.stagingDir} is still there after 60 s`);
  console.log(`staging dir gone ${Date.now() - t0} ms after the REST kill`);
});

test("killed through the RM REST API on attempt 1 of 2: the directory stays for a next attempt, `status` of the ended application removes it", async () => {
  const app = await sleeper("rest-kill-2", 2);
  await restKill(app.appId);
  assert.equal(await untilState(app.appId, ["KILLED"], 60_000), "KILLED");
  // The AM cannot tell a killed application from a failed attempt on SIGTERM: it keeps the dir.
  await sleep(3_000);
  assert.ok(await hdfs.statIfExists(app.stagingDir), "kept by the AM of a non-last attempt");
  // The owner looks at the ended application, under the custom staging root (TSDASK_YARN_STAGING_DIR).
  const status = await cli(["status", app.appId]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, new RegExp(`^${app.appId}\\t.*\\tKILLED\\t`, "m"));
  assert.equal(await hdfs.statIfExists(app.stagingDir), undefined, "status of the ended application swept it");
});

test("an AM killed with kill -9 on its last attempt: the owner's next command removes the staging directory", async () => {
  const app = await sleeper("kill9", 1);
  const report = await (
    await fetch(`${cluster.rmWeb}/ws/v1/cluster/apps/${app.appId}?user.name=${cluster.user}`)
  ).json();
  const amContainer = /(container_[0-9_e]+)/.exec(
    (report as { app: { amContainerLogs: string } }).app.amContainerLogs,
  )![1]!;
  const pids = containerPids(amContainer);
  assert.ok(pids.length > 0, `no processes of ${amContainer}`);
  for (const p of pids) process.kill(p, "SIGKILL");
  assert.equal(await untilState(app.appId, ["FAILED", "KILLED", "FINISHED"], 90_000), "FAILED");
  assert.ok(await hdfs.statIfExists(app.stagingDir), "nothing could have removed it yet");
  const ls = await cli(["cache", "ls"]);
  assert.equal(ls.code, 0, ls.stderr);
  assert.match(ls.stderr, new RegExp(`removed the staging directory of an ended application: ${app.stagingDir}`));
  assert.equal(await hdfs.statIfExists(app.stagingDir), undefined);
});
