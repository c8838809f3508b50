// list / status / kill through the built CLI against the real ResourceManager, cross-checked with
// Hadoop's own `yarn application -list/-status`. The application is a plain `sleep` AM submitted
// through src/yarn-rest (it never registers, so it stays ACCEPTED with its container running).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { clusterAddresses } from "../../../src/hadoop-conf/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { hadoopTool, localCluster } from "../../support/cluster.js";
import { runCli } from "./run-cli.js";

const c = localCluster();
const confDir = c.confDir;
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const hdfs = WebHdfsClient.fromAddresses(clusterAddresses({ confDir, env: {} }), { user: c.user });
const tag = `tsdask-e2e-cli-${process.pid}`;
const env = { HADOOP_USER_NAME: c.user };
let appId = "";

async function submitSleep(): Promise<string> {
  const app = await rm.newApplication();
  await rm.submitApplication({
    applicationId: app.applicationId,
    name: `tsdask-e2e-sleep-${process.pid}`,
    applicationType: "TSDASK-E2E",
    queue: "default",
    tags: [tag],
    resource: { memoryMb: 256, vcores: 1 },
    maxAppAttempts: 1,
    amContainer: { command: "sleep 60" },
  });
  await rm.waitForApplication(app.applicationId, (r) => r.state === "ACCEPTED" || r.state === "RUNNING", {
    timeoutMs: 60_000,
  });
  return app.applicationId;
}

before(async () => {
  appId = await submitSleep();
});

after(async () => {
  const r = await rm.applicationReport(appId).catch(() => undefined);
  if (r && !TERMINAL_STATES.includes(r.state)) await rm.killApplication(appId, "e2e cleanup").catch(() => undefined);
});

/** The fields of `yarn application -status` as a map. */
function yarnStatus(id: string): Record<string, string> {
  const r = hadoopTool(["yarn", "application", "-status", id]);
  assert.equal(r.status, 0, r.stderr);
  return Object.fromEntries([...r.stdout.matchAll(/^\t(.+?) : (.*)$/gm)].map((m) => [m[1]!.trim(), m[2]!.trim()]));
}

test("list shows the application as `yarn application -list` does", async () => {
  const r = await runCli(["list", "--tags", tag], { confDir, env });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines[0], "APPLICATION_ID\tNAME\tSTATE\tSTATUS\tQUEUE\tUSER\tSTART");
  assert.equal(lines.length, 2, r.stdout);
  const [id, name, state, status, queue, user] = lines[1]!.split("\t");
  const yarn = hadoopTool(["yarn", "application", "-list"]);
  assert.equal(yarn.status, 0, yarn.stderr);
  const row = yarn.stdout
    .split("\n")
    .find((l) => l.trim().startsWith(appId))
    ?.trim()
    .split(/\t\s*/)
    .map((s) => s.trim());
  assert.ok(row, `yarn application -list does not show ${appId}:\n${yarn.stdout}`);
  // Application-Id Application-Name Application-Type User Queue State Final-State Progress Tracking-URL
  assert.deepEqual([id, name, user, queue, state, status], [row[0], row[1], row[3], row[4], row[5], row[6]]);

  const json = await runCli(["list", "--json", "--tags", tag], { confDir, env });
  assert.equal(json.code, 0);
  const apps = JSON.parse(json.stdout) as { id: string; applicationType: string }[];
  assert.deepEqual(
    apps.map((a) => [a.id, a.applicationType]),
    [[appId, "TSDASK-E2E"]],
  );
  const byName = await runCli(["list", "--json", "--name", `tsdask-e2e-sleep-${process.pid}`], { confDir, env });
  assert.deepEqual(
    (JSON.parse(byName.stdout) as { id: string }[]).map((a) => a.id),
    [appId],
  );
  const none = await runCli(["list", "--json", "--tags", tag, "--state", "FINISHED"], { confDir, env });
  assert.deepEqual(JSON.parse(none.stdout), []);
});

test("status prints dask-yarn's header and row, agreeing with `yarn application -status`", async () => {
  const r = await runCli(["status", appId], { confDir, env });
  assert.equal(r.code, 0, r.stderr);
  const [header, row] = r.stdout.split("\n");
  assert.equal(header, "APPLICATION_ID\tNAME\tSTATE\tSTATUS\tCONTAINERS\tVCORES\tMEMORY\tRUNTIME");
  const cells = row!.split("\t");
  const y = yarnStatus(appId);
  assert.deepEqual(cells.slice(0, 4), [y["Application-Id"], y["Application-Name"], y["State"], y["Final-State"]]);
  assert.equal(cells[4], "1", "the sleep AM container");
  assert.equal(cells[6], "256 MiB");
  assert.match(cells[7]!, /^\d+s$|^\d+m\d\ds$/);

  const json = await runCli(["status", appId, "--json"], { confDir, env });
  assert.equal(json.code, 0, json.stderr);
  const body = JSON.parse(json.stdout) as { report: { id: string; user: string; queue: string; state: string } };
  assert.deepEqual(
    [body.report.id, body.report.user, body.report.queue, body.report.state],
    [y["Application-Id"], y["User"], y["Queue"], y["State"]],
  );
});

test("malformed ids exit 2, unknown ids exit 1 with the RM's not-found", async () => {
  for (const cmd of ["status", "kill"]) {
    const bad = await runCli([cmd, "application_x"], { confDir, env });
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /'application_x' is not a YARN application id/);
    const unknown = await runCli([cmd, "application_1_99999"], { confDir, env });
    assert.equal(unknown.code, 1, unknown.stderr);
    assert.match(unknown.stderr, /application_1_99999 not found/);
    assert.match(unknown.stderr, /hint: /);
    assert.doesNotMatch(unknown.stderr, /\n\s+at /, "no stack without --debug");
    const json = await runCli([cmd, "application_1_99999", "--json"], { confDir, env });
    assert.equal(JSON.parse(json.stdout).error.code, "YARN_NOT_FOUND");
  }
});

test("an unreachable ResourceManager is a clear exit-1 error", async () => {
  const r = await runCli(["list"], { confDir, env: { ...env, TSDASK_YARN_HADOOP_RM_WEB_ADDRESSES: "127.0.0.1:1" } });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /error: .*127\.0\.0\.1:1/);
});

test("kill ends the application KILLED and removes its staging directory", async () => {
  // The staging dir a tsdask submit would have made; kill must remove it.
  const staging = `/user/${c.user}/.tsdask-yarn/apps/${appId}`;
  await hdfs.mkdirs(staging, "700");
  await hdfs.create(`${staging}/spec.json`, Buffer.from("{}"), { overwrite: true });
  const r = await runCli(["kill", appId], { confDir, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), `${appId} KILLED`);
  assert.equal(yarnStatus(appId)["State"], "KILLED");
  assert.equal(await hdfs.statIfExists(staging), undefined);
  // Killing again only cleans up, and says so with the same final state.
  const again = await runCli(["kill", appId, "--json"], { confDir, env });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout), { id: appId, state: "KILLED", finalStatus: "KILLED" });
  // status of the finished app: no AM detail, still the row.
  const st = await runCli(["status", appId], { confDir, env });
  assert.equal(st.code, 0);
  assert.match(st.stdout.split("\n")[1]!, new RegExp(`^${appId}\\t.*\\tKILLED\\tKILLED\\t0\\t0\\t0 MiB\\t`));
});

test("scale and shutdown of an application that is not running are clear exit-1 errors", async () => {
  for (const args of [
    ["scale", appId, "2"],
    ["shutdown", appId],
  ]) {
    const r = await runCli(args, { confDir, env });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /has ended \(KILLED/);
  }
});
