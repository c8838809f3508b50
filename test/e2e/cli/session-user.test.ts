// Every CLI command reaches the RM as the spec's user, through the launcher's session (issue 15).
// The CLI used to build its own RM client for `submit --wait`, `list` and `logs --follow`, as
// $HADOOP_USER_NAME. With YARN ACLs on (cluster/hadoop up --acls), the RM hides an application's
// amContainerLogs, amHostHttpAddress, amRPCAddress and logAggregationStatus from users who may not
// view it (its diagnostics, state and final status stay visible: measured on 3.4.2). So
// `logs --follow --service appmaster` as another $HADOOP_USER_NAME with TSDASK_YARN_USER naming
// the owner found the AM's container at first (connect() used the spec's user) and lost it at the
// first poll. No dask environment is needed. It runs on the fault suites' throw-away cluster
// (simple auth, --acls), which CI starts once for those suites anyway.
import { stopFaultCluster } from "../faults/fault-cluster.js";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { localCluster } from "../../support/cluster.js";
import { runCli, spawnCli, tempHome } from "./run-cli.js";

const c = localCluster() as ReturnType<typeof localCluster> & { options?: { acls?: boolean } };
const OTHER = "mallory";
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const otherRm = new ResourceManagerClient({ urls: [c.rmWeb], user: OTHER });
const owner = { confDir: c.confDir, env: { HADOOP_USER_NAME: c.user } };
let appId = "";

before(async () => {
  assert.equal(c.options?.acls, true, "the fault cluster runs with YARN ACLs (--acls)");
  const dir = tempHome();
  const spec = join(dir, "spec.yaml");
  // One idle generic service: the AM is what the test follows.
  writeFileSync(
    spec,
    `name: tsdask-e2e-session-user-${process.pid}\nservices: {idle: {memory: 256 MiB, script: sleep 600}}\n`,
  );
  const r = await runCli(["submit", "--spec", spec], owner);
  assert.equal(r.code, 0, r.stderr);
  appId = r.stdout.trim();
});

after(async () => {
  if (appId) await runCli(["kill", appId], owner);
  stopFaultCluster();
});

test("logs --follow polls the RM as the spec's user, not $HADOOP_USER_NAME", { timeout: 120_000 }, async () => {
  // The premise: the other user gets the report without the AM's container.
  assert.equal((await otherRm.applicationReport(appId)).amContainerLogs, undefined);
  assert.ok((await rm.applicationReport(appId)).amContainerLogs);
  const child = spawnCli(["logs", appId, "--service", "appmaster", "--file", "appmaster.stdout", "--follow"], {
    confDir: c.confDir,
    env: { HADOOP_USER_NAME: OTHER, TSDASK_YARN_USER: c.user },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  try {
    // The AM's own log (appmaster.stdout) holds its registration line from the start.
    for (
      const end = Date.now() + 30_000;
      !/registered appattempt_/.test(out);
      await new Promise((r) => setTimeout(r, 200))
    ) {
      assert.ok(
        Date.now() < end && child.exitCode === null,
        `no registration line from the AM's log (exit ${child.exitCode}): ${out}${err}`,
      );
    }
  } finally {
    child.kill("SIGKILL");
  }
  const report = await rm.applicationReport(appId);
  assert.ok(!TERMINAL_STATES.includes(report.state), report.state);
});
