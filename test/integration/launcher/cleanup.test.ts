// Failed submits leave nothing behind: no application beyond the new-application id (which
// YARN never runs), no staging directory; a failure after the submission kills the application.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { stageAndSubmit, submit, type SubmitOptions } from "../../../src/launcher/index.js";
import { LauncherError } from "../../../src/launcher/errors.js";
import { Recorder, cluster, daskEnvironment, hdfs, killLeftovers, rm, rmKnows, testSpec } from "./support.js";

const stagingRoot = `/tmp/tsdask-it-launcher-cleanup-${process.pid}`;
const environment = daskEnvironment();
const options: SubmitOptions = { env: { HADOOP_CONF_DIR: cluster.confDir }, user: cluster.user };
const appDir = (id: string) => `${stagingRoot}/.tsdask-yarn/apps/${id}`;

after(async () => {
  await killLeftovers();
  await hdfs.delete(stagingRoot, true);
});

function code(expected: string) {
  return (e: unknown) => {
    assert.ok(e instanceof LauncherError, `a LauncherError, got ${String(e)}`);
    assert.equal(e.code, expected, e.message);
    return true;
  };
}

test("more memory than the cluster maximum fails before any upload and leaves nothing", async () => {
  const rec = new Recorder();
  const spec = testSpec(stagingRoot, { worker: "{count: 1, memory: 100 GiB}" }, environment);
  await assert.rejects(stageAndSubmit(spec, { ...options, onEvent: rec.onEvent }), (e: unknown) => {
    code("RESOURCE_ABOVE_MAXIMUM")(e);
    assert.match((e as Error).message, /service 'dask\.worker' asks for 102400 MiB/);
    return true;
  });
  assert.ok(rec.appId, "new-application was called");
  assert.deepEqual(
    rec.events.map((e) => e.kind),
    ["new-application", "cleanup", "cleaned"],
    "no upload, no staging",
  );
  assert.equal(await rmKnows(rec.appId), false, "YARN never heard of the application");
  assert.equal(await hdfs.statIfExists(`${stagingRoot}/.tsdask-yarn`), undefined, "not even the cache dir");
  const cleaned = rec.events.find((e) => e.kind === "cleaned");
  assert.deepEqual(cleaned?.kind === "cleaned" && cleaned.leftBehind, [], "the cleanup says nothing was left");
});

test("a missing environment file, discovered after new-application, leaves nothing", async () => {
  const rec = new Recorder();
  const spec = testSpec(stagingRoot, {}, "/nonexistent/tsdask-env.tar.gz");
  await assert.rejects(stageAndSubmit(spec, { ...options, onEvent: rec.onEvent }), code("ENVIRONMENT_INVALID"));
  assert.equal(await rmKnows(rec.appId!), false);
  assert.equal(await hdfs.statIfExists(appDir(rec.appId!)), undefined);
});

test("a missing service file, discovered while staging, removes the half-filled staging dir", async () => {
  const rec = new Recorder();
  const spec = testSpec(
    stagingRoot,
    { services: "{web: {script: 'cat data.txt', files: {data.txt: /nonexistent/data.txt}}}" },
    environment,
  );
  await assert.rejects(stageAndSubmit(spec, { ...options, onEvent: rec.onEvent }), code("SERVICE_FILE_INVALID"));
  assert.ok(
    rec.events.some((e) => e.kind === "uploaded"),
    "the failure came after the uploads",
  );
  assert.equal(await rmKnows(rec.appId!), false);
  assert.equal(await hdfs.statIfExists(appDir(rec.appId!)), undefined, "staging dir removed");
});

test("a failure after the submission (AM not registered in time) kills the application and cleans up", async () => {
  const rec = new Recorder();
  const spec = testSpec(stagingRoot, {}, environment);
  await assert.rejects(
    submit(spec, { ...options, onEvent: rec.onEvent, registrationTimeoutMs: 1 }),
    (e: unknown) => e instanceof LauncherError && /AM_REGISTRATION_TIMEOUT|AM_ENDED_BEFORE_REGISTRATION/.test(e.code),
  );
  assert.ok(rec.events.some((e) => e.kind === "submitted"));
  const report = await rm.applicationReport(rec.appId!);
  assert.equal(report.state, "KILLED");
  assert.match(report.diagnostics, /tsdask-yarn submit failed/);
  assert.equal(await hdfs.statIfExists(appDir(rec.appId!)), undefined);
});

test("aborting a submit (Ctrl-C) right after the submission kills and cleans up", async () => {
  const rec = new Recorder();
  const abort = new AbortController();
  const spec = testSpec(stagingRoot, {}, environment);
  const onEvent = (e: Parameters<typeof rec.onEvent>[0]) => {
    rec.onEvent(e);
    if (e.kind === "submitted") abort.abort();
  };
  await assert.rejects(submit(spec, { ...options, onEvent, signal: abort.signal }), code("SUBMIT_ABORTED"));
  assert.equal((await rm.applicationReport(rec.appId!)).state, "KILLED");
  assert.equal(await hdfs.statIfExists(appDir(rec.appId!)), undefined);
});

test("an environment that is not an archive YARN unpacks is refused", async () => {
  const rec = new Recorder();
  const spec = testSpec(stagingRoot, {}, `${process.cwd()}/package.json`);
  await assert.rejects(stageAndSubmit(spec, { ...options, onEvent: rec.onEvent }), code("ENVIRONMENT_INVALID"));
  assert.equal(await rmKnows(rec.appId!), false);
});
