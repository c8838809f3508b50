// Another user of the secure cluster (issue 12): the second Kerberos principal, other, with its own
// ticket cache, against tester's running dask cluster. HDFS permissions under Kerberos keep the
// staging dir and its secret and keys from other; without them its CLI can neither get the
// credentials nor scale or shut down; YARN ACLs (the shared secure cluster enforces them) refuse
// its kill and its reading of the logs; and its dask Client, having no certificate, is refused by
// the scheduler. The owner's own commands keep working throughout.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { runPython, TRY_CONNECT_PY } from "../../support/dask-python.js";
import {
  curl,
  kerberosEnv,
  releaseSecureCluster,
  secureCluster,
  type SecureCluster,
} from "../../support/secure-cluster.js";
import { daskEnvArchive } from "../cli/bad-input-run.js";
import { runCli, type CliResult } from "../cli/run-cli.js";

let c: SecureCluster;
let app: { appId: string; stagingDir: string; schedulerAddress: string };
const work = mkdtempSync(join(tmpdir(), "tsdask-other-principal-"));
const creds = join(work, "creds");

const owner = (args: string[]): Promise<CliResult> =>
  runCli(args, { confDir: c.confDir, env: kerberosEnv(c), timeoutMs: 300_000 });
// other aims at the owner's staging root (tester's HDFS home), where the files are.
const other = (args: string[]): Promise<CliResult> =>
  runCli(args, {
    confDir: c.confDir,
    env: { ...kerberosEnv(c, "otherUser"), TSDASK_YARN_STAGING_DIR: `/user/${c.user}` },
    timeoutMs: 120_000,
  });
const asOther = (url: string, method = "GET", json?: unknown) =>
  curl(c, url, { ccache: c.security.otherUser.ccache, method, ...(json ? { json } : {}) });

before(async () => {
  c = secureCluster();
  const small = ["--scheduler-memory", "1 GiB", "--worker-memory", "1 GiB", "--worker-count", "1"];
  const r = await owner(["--json", "submit", "--environment", daskEnvArchive(), ...small]);
  assert.equal(r.code, 0, r.stderr);
  app = JSON.parse(r.stdout);
  assert.match(app.schedulerAddress, /^tls:\/\//);
  const cr = await owner(["credentials", app.appId, "--dir", creds]);
  assert.equal(cr.code, 0, cr.stderr);
});
after(async () => {
  if (app) await owner(["kill", app.appId]);
  releaseSecureCluster();
});

const PERMISSION = /Permission denied|AccessControlException|403|not authorized|permission/i;

test("HDFS under Kerberos: other can neither list tester's staging dir nor read its secret and keys", async () => {
  const webhdfs = (path: string, op: string) => `${c.nnWeb}/webhdfs/v1${path}?op=${op}`;
  const listed = await asOther(webhdfs(app.stagingDir, "LISTSTATUS"));
  assert.equal(listed.status, 403, listed.body);
  assert.match(listed.body, /AccessControlException.*user=other/);
  for (const f of ["secret", "tls/ca-key.pem", "tls/dask-key.pem"]) {
    const r = await asOther(webhdfs(`${app.stagingDir}/${f}`, "OPEN"));
    assert.equal(r.status, 403, `${f}: ${r.body}`);
  }
  // The owner reads the same file: the refusal is other's, not the path's.
  const mine = await curl(c, webhdfs(`${app.stagingDir}/secret`, "GETFILESTATUS"), { ccache: c.security.user.ccache });
  assert.equal(mine.status, 200, mine.body);
  assert.equal(JSON.parse(mine.body).FileStatus.permission, "600");
});

test("other's CLI: credentials, scale and shutdown are refused; nothing changed", async () => {
  for (const args of [
    ["credentials", app.appId, "--dir", join(work, "stolen")],
    ["scale", app.appId, "3"],
    ["shutdown", app.appId],
  ]) {
    const r = await other(args);
    assert.equal(r.code, 1, `${args[0]} as other must fail:\n${r.stderr}`);
    assert.match(r.stderr, PERMISSION, r.stderr);
  }
  assert.equal(existsSync(join(work, "stolen", "key.pem")), false);
  const st = JSON.parse((await owner(["--json", "status", app.appId])).stdout);
  assert.equal(st.report.state, "RUNNING");
  assert.equal(st.am.services.find((s: { name: string }) => s.name === "dask.worker").desiredInstances, 1);
});

test("other's dask Client is refused by the scheduler (no certificate); the owner's connects", async () => {
  assert.match(
    await runPython(TRY_CONNECT_PY, app.schedulerAddress, 60_000),
    /^REFUSED/m,
    "tls:// without a certificate",
  );
  const plain = app.schedulerAddress.replace(/^tls:/, "tcp:");
  assert.match(await runPython(TRY_CONNECT_PY, plain, 60_000), /^REFUSED/m, "plain tcp://");
  assert.match(await runPython(TRY_CONNECT_PY, app.schedulerAddress, 60_000, creds), /^CONNECTED 1/m, "the owner's");
});

test("YARN ACLs: other cannot read the application's container logs from the NodeManager", async () => {
  // other's CLI stops earlier (it cannot read the staging dir), so ask the NodeManager directly,
  // at the address the RM gives the owner (other's report has no node and no logs link).
  const r = await owner(["--json", "status", app.appId]);
  const amLogs = JSON.parse(r.stdout).report.amContainerLogs as string;
  const [, nm, container] = /^https:\/\/[^:]+:(\d+)\/node\/containerlogs\/(container_\w+)\//.exec(amLogs) ?? [];
  assert.ok(container, amLogs);
  const url = `https://127.0.0.1:${nm}/ws/v1/node/containerlogs/${container}/appmaster.stdout`;
  const refused = await asOther(url);
  assert.notEqual(refused.status, 200);
  assert.match(
    refused.body,
    new RegExp(`User \\[other\\] is not authorized to view the logs for application ${app.appId}`),
  );
  const mine = await curl(c, url, { ccache: c.security.user.ccache });
  assert.equal(mine.status, 200, mine.body);
  assert.match(mine.body, /registered appattempt_/);
  const cliLogs = await other(["logs", app.appId, "--service", "dask.scheduler"]);
  assert.equal(cliLogs.code, 1, cliLogs.stdout);
});

test(
  "YARN ACLs: other's kill is refused (CLI and REST), the application runs on; the owner's kill works; aggregated logs stay tester's",
  { timeout: 240_000 },
  async () => {
    const k = await other(["kill", app.appId]);
    assert.equal(k.code, 1, k.stderr);
    assert.match(k.stderr, /^error: .*Unauthorized attempt to kill appid \S+ by remote user other@TSDASK\.TEST/m);
    assert.match(k.stderr, /^hint: YARN's application ACLs do not allow you this.*acls\.modify/m);
    const rest = await asOther(`${c.rmWeb}/ws/v1/cluster/apps/${app.appId}/state`, "PUT", { state: "KILLED" });
    assert.equal(rest.status, 403, rest.body);
    const st = JSON.parse((await owner(["--json", "status", app.appId])).stdout);
    assert.equal(st.report.state, "RUNNING");
    const mine = await owner(["kill", app.appId]);
    assert.equal(mine.code, 0, mine.stderr);
    // Once YARN aggregated them, the owner reads the logs from /tmp/logs/tester (the principal's
    // short name, not the local user); HDFS keeps other out of that directory.
    const deadline = Date.now() + 120_000;
    let mineLogs = await owner(["logs", app.appId, "--service", "appmaster"]);
    while (mineLogs.code !== 0 && Date.now() < deadline) {
      await sleep(3000);
      mineLogs = await owner(["logs", app.appId, "--service", "appmaster"]);
    }
    assert.equal(mineLogs.code, 0, mineLogs.stderr);
    assert.match(mineLogs.stdout, /registered appattempt_/);
    const theirs = await other(["logs", app.appId]);
    assert.equal(theirs.code, 1, theirs.stdout);
    assert.match(theirs.stderr, new RegExp(`Permission denied: user=other, .*inode="/tmp/logs/${c.user}"`));
    const peek = await asOther(`${c.nnWeb}/webhdfs/v1/tmp/logs/${c.user}?op=LISTSTATUS`);
    assert.equal(peek.status, 403, peek.body);
  },
);
