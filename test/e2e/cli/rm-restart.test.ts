// `status` while the ResourceManager restarts with work-preserving recovery, on the throw-away
// cluster of the fault tests (test/e2e/faults: same work dir, offset and options, so the suite
// starts it once; the suite's own cluster is untouched): TSDASK_FAULT_CLUSTER_DIR (default
// cluster/.work-faults) and TSDASK_FAULT_OFFSET (default 14000); TSDASK_FAULT_KEEP=1 leaves it up.
// The RM is stopped and started again with its own command line; `status` run
// at once first meets refused connections, then 404s while the RM reads its state back. It must
// say "the ResourceManager is recovering" and then print the application, exit 0. An id the
// active RM does not know still gets the 404 hint, at once.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, type LocalCluster } from "../../support/cluster.js";
import { daemonCommand, startDaemon, stopDaemon } from "../../support/daemon-pids.js";
import { runCli, tempHome } from "./run-cli.js";

const DIR = process.env.TSDASK_FAULT_CLUSTER_DIR ?? join(ROOT, "cluster", ".work-faults");
const clusterEnv = {
  ...process.env,
  TSDASK_CLUSTER_DIR: DIR,
  TSDASK_PORT_OFFSET: process.env.TSDASK_FAULT_OFFSET ?? "14000",
};
const hadoop = (args: string[]) =>
  spawnSync(join(ROOT, "cluster", "hadoop"), args, { env: clusterEnv, encoding: "utf8" });
const home = tempHome();
let c: LocalCluster;
let appId = "";
const cli = (args: string[], timeoutMs = 300_000) =>
  runCli(args, { confDir: c.confDir, env: { HADOOP_USER_NAME: c.user }, home, timeoutMs });

before(async () => {
  // The options of test/e2e/faults/fault-cluster.ts (not imported: it would start the cluster on load).
  const up = hadoop(["up", "--nodes", "2", "--recovery", "--nm-expiry-ms", "15000", "--acls"]);
  assert.equal(up.status, 0, up.stderr);
  c = JSON.parse(readFileSync(join(DIR, "run", "state.json"), "utf8")) as LocalCluster;
  const spec = join(home, "sleeper.yaml");
  writeFileSync(
    spec,
    "max-attempts: 2\nmaster: {memory: 256 MiB}\nservices:\n  sleeper:\n    memory: 256 MiB\n    script: sleep 900\n",
  );
  const r = await cli(["submit", "--spec", spec]);
  assert.equal(r.code, 0, r.stderr);
  appId = r.stdout.trim();
});

after(async () => {
  if (appId) await cli(["kill", appId], 120_000).catch(() => undefined);
  if (process.env.TSDASK_FAULT_KEEP !== "1") hadoop(["down"]);
});

test("status during an RM restart says the RM is recovering, then prints the application", async () => {
  const rmCommand = daemonCommand("resourcemanager", DIR);
  await stopDaemon("resourcemanager", "SIGTERM", DIR);
  startDaemon("resourcemanager", rmCommand, DIR);
  const started = Date.now();
  const r = await cli(["status", appId]);
  const took = Date.now() - started;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /the ResourceManager is recovering \(.+\); retrying for up to 120 s/);
  assert.doesNotMatch(r.stderr, /Check the application/);
  const row = r.stdout.split("\n")[1]!.split("\t");
  assert.equal(row[0], appId);
  assert.match(row[2]!, /^(ACCEPTED|RUNNING)$/);
  console.log(`status answered ${took} ms after the RM restart began; ${r.stderr.trim().split("\n")[0]}`);
});

test("an id the active RM does not know: 404 with the hint, no waiting", async () => {
  const unknown = appId.replace(/_\d+$/, "_9999");
  const started = Date.now();
  const r = await cli(["status", unknown]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /not found \(NotFoundException, HTTP 404\)/);
  assert.match(r.stderr, /hint: Check the application\/attempt id/);
  assert.doesNotMatch(r.stderr, /recovering/);
  assert.ok(Date.now() - started < 15_000);
});
