// Local mode's pure parts and its backend's bookkeeping, without processes: container ids as YARN
// writes them, exit statuses in YARN's terms, the LocalBackend's grants, releases and outside end,
// and the environment cache (atomic: a bad archive leaves nothing, a good one is unpacked once).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { localAmContainerId, localAttemptId, localContainerId } from "../../../src/control/local-layout.js";
import { applicationAttemptIdToString, containerIdToString } from "../../../src/hadoop-rpc/index.js";
import { exitStatusOf } from "../../../src/appmaster/local/exit-code.js";
import { LocalBackend } from "../../../src/appmaster/local/local-backend.js";
import { localEnvironment } from "../../../src/launcher/local/environment.js";

const shape = { memoryMiB: 512, vcores: 1, resources: {}, nodes: [], racks: [], relaxLocality: true };

test("local container and attempt ids are written as YARN writes them", () => {
  const applicationAttemptId = { applicationId: { clusterTimestamp: 1700000000123, id: 7 }, attemptId: 1 };
  assert.equal(localContainerId(1700000000123, 7, 12), containerIdToString({ applicationAttemptId, id: 12 }));
  assert.equal(localAmContainerId(1700000000123, 7), "container_1700000000123_0007_01_000001");
  assert.equal(localAttemptId(1700000000123, 7), applicationAttemptIdToString(applicationAttemptId));
});

test("exit statuses: the code, 128 + signal, KILLED_BY_APPMASTER for a stop", () => {
  assert.equal(exitStatusOf(0, null, false), 0);
  assert.equal(exitStatusOf(7, null, false), 7);
  assert.equal(exitStatusOf(null, "SIGKILL", false), 137);
  assert.equal(exitStatusOf(null, "SIGTERM", false), 143);
  assert.equal(exitStatusOf(null, "SIGTERM", true), -105);
});

function backend(finals: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-local-unit-"));
  return new LocalBackend({
    clusterTimestamp: 1700000000000,
    sequence: 1,
    containersDir: join(dir, "containers"),
    logsDir: join(dir, "logs"),
    baseEnv: {},
    onRegistered: () => undefined,
    onFinish: (status, diagnostics) => finals.push(`${status}: ${diagnostics}`),
  });
}

test("LocalBackend grants every want at the sync that asks, numbering slots from 2", async () => {
  const b = backend([]);
  assert.deepEqual(await b.register({ host: "127.0.0.1", port: 1, trackingUrl: "http://x/" }), {
    queue: "local",
    resourceTypes: [],
    previous: [],
  });
  const r = await b.sync([
    { service: "dask.scheduler", rank: 1, shape, count: 1 },
    { service: "dask.worker", rank: 3, shape, count: 2 },
    { service: "web", rank: 4, shape, count: 0 },
  ]);
  assert.deepEqual(
    r.allocated.map((s) => [s.id, s.service, s.host]),
    [
      ["container_1700000000000_0001_01_000002", "dask.scheduler", "127.0.0.1"],
      ["container_1700000000000_0001_01_000003", "dask.worker", "127.0.0.1"],
      ["container_1700000000000_0001_01_000004", "dask.worker", "127.0.0.1"],
    ],
  );
  assert.equal(r.owes, false);
  assert.deepEqual((await b.sync([])).allocated, []);
});

test("a released slot that never started completes ABORTED, once; an end from outside is KILLED", async () => {
  const finals: string[] = [];
  const b = backend(finals);
  const [slot] = (await b.sync([{ service: "w", rank: 1, shape, count: 1 }])).allocated;
  b.release(slot!.id);
  b.release(slot!.id);
  await new Promise((r) => setImmediate(r));
  const r = await b.sync([]);
  assert.deepEqual(r.completed, [
    { slotId: slot!.id, exitStatus: -100, diagnostics: "Container released by the application." },
  ]);
  b.end("the launcher is gone");
  assert.deepEqual(finals, ["KILLED: the launcher is gone"]);
  await assert.rejects(b.sync([]), { code: "AM_ATTEMPT_GONE" });
});

test("the environment cache: a corrupt archive leaves nothing, a good one is unpacked once", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-local-env-"));
  const cache = join(dir, "envs");
  writeFileSync(join(dir, "bad.tar.gz"), "this is not a tarball\n");
  await assert.rejects(localEnvironment(join(dir, "bad.tar.gz"), cache), { code: "ENVIRONMENT_INVALID" });
  assert.deepEqual(readdirSync(cache), []);
  mkdirSync(join(dir, "env", "bin"), { recursive: true });
  writeFileSync(join(dir, "env", "bin", "python"), "#!/bin/sh\n");
  execFileSync("tar", ["-czf", join(dir, "env.tar.gz"), "-C", join(dir, "env"), "."]);
  const first = await localEnvironment(join(dir, "env.tar.gz"), cache);
  assert.equal(first.unpacked, true);
  assert.match(first.dir, /[0-9a-f]{64}$/);
  assert.deepEqual(readdirSync(join(first.dir, "bin")), ["python"]);
  assert.deepEqual(await localEnvironment(join(dir, "env.tar.gz"), cache), { dir: first.dir, unpacked: false });
  assert.deepEqual(await localEnvironment(join(dir, "env"), cache), { dir: join(dir, "env"), unpacked: false });
  await assert.rejects(localEnvironment("hdfs:///envs/x.tar.gz", cache), { code: "ENVIRONMENT_INVALID" });
});
