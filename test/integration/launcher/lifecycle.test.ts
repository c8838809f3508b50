// End to end through the real AM: submit waits until the AM registered and returns a working
// control client; another caller connects by application id; shutdown and kill end it with
// the expected final status and no staging directory left.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  connect,
  exitCodeOf,
  kill,
  shutdown,
  status,
  submit,
  waitForFinish,
  type ConnectOptions,
  type SubmitOptions,
} from "../../../src/launcher/index.js";
import { LauncherError } from "../../../src/launcher/errors.js";
import { Recorder, cluster, hdfs, killLeftovers, testSpec } from "./support.js";

const stagingRoot = `/tmp/tsdask-it-launcher-lifecycle-${process.pid}`;
const options: SubmitOptions = { env: { HADOOP_CONF_DIR: cluster.confDir }, user: cluster.user };
const connectOptions: ConnectOptions = { ...options, stagingRoot, hadoop: { confDir: cluster.confDir } };
// A generic service only: no dask environment needed to see the AM register and run a container.
const spec = testSpec(stagingRoot, {
  dask: "false",
  services: "{sleeper: {script: 'sleep 600', memory: 256 MiB}}",
});

after(async () => {
  await killLeftovers();
  await hdfs.delete(stagingRoot, true);
});

test("submit waits for the AM to register and returns a working control client; kill cleans up", async (t) => {
  const rec = new Recorder();
  const started = Date.now();
  const app = await submit(spec, { ...options, onEvent: rec.onEvent, registrationTimeoutMs: 90_000 });
  t.diagnostic(`registered after ${Date.now() - started} ms at ${app.controlUrl}`);
  // The control API is HTTPS with the application's own CA (TLS is on by default).
  assert.match(app.controlUrl, /^https:\/\/[^:]+:\d+$/);
  assert.equal(app.report.state, "RUNNING");
  assert.ok(rec.events.some((e) => e.kind === "registered"));
  const st = await app.client.status();
  assert.ok(JSON.stringify(st).includes("sleeper"), "the AM reports the spec's service");

  // Another caller, knowing only the id: report → amRPCAddress, secret from the staging dir.
  const again = await connect(app.appId, connectOptions);
  assert.equal(again.controlUrl, app.controlUrl);
  await again.client.status();
  const both = await status(app.appId, connectOptions);
  assert.equal(both.report.state, "RUNNING");
  assert.ok(both.am);

  const end = await kill(app.appId, connectOptions);
  assert.equal(end.state, "KILLED");
  assert.equal(exitCodeOf(end.finalStatus), 137);
  assert.equal(await hdfs.statIfExists(app.stagingDir), undefined);
  await assert.rejects(
    connect(app.appId, connectOptions),
    (e: unknown) => e instanceof LauncherError && e.code === "APP_NOT_RUNNING",
  );
});

test("shutdown through the control API ends the application SUCCEEDED; waitForFinish sees it", async () => {
  const rec = new Recorder();
  const app = await submit(spec, { ...options, onEvent: rec.onEvent, registrationTimeoutMs: 90_000 });
  await shutdown(app.appId, "SUCCEEDED", "test done", connectOptions);
  const end = await waitForFinish(app.appId, { ...connectOptions, timeoutMs: 60_000 });
  assert.equal(end.finalStatus, "SUCCEEDED");
  assert.equal(exitCodeOf(end.finalStatus), 0);
  assert.equal(await hdfs.statIfExists(app.stagingDir), undefined, "the AM removed its staging dir");
});
