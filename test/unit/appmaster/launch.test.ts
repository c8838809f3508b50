// The launch context of a service container, the exit-status reasons, the journal round trip.
import { test } from "node:test";
import assert from "node:assert/strict";
import { amConfigFromEnv } from "../../../src/appmaster/yarn/config.js";
import { describeExit } from "../../../src/appmaster/exit-status.js";
import { journalOf, parseJournal } from "../../../src/appmaster/journal.js";
import { launchDescription, serviceArgv, type LaunchInputs } from "../../../src/appmaster/launch-context.js";
import { containerLaunchContext, hdfsUrl, nmCommand, nmQuote } from "../../../src/appmaster/yarn/yarn-launch.js";
import { AppModel } from "../../../src/appmaster/model.js";
import { recover } from "../../../src/appmaster/recovery.js";
import { KeyValueStore } from "../../../src/appmaster/control/index.js";
import type { ServiceSpec } from "../../../src/spec/types.js";
import { appSpec, launched, service, slot } from "./support.js";

const inputs = {
  appId: "application_1_0001",
  controlUrl: "http://am:4242",
  runtime: { path: "/u/.tsdask-yarn/cache/abc/tsdask.tar.gz", size: 10, timestamp: 11 },
  environment: { path: "/u/.tsdask-yarn/cache/def/env.tar.gz", size: 20, timestamp: 21 },
  secret: { path: "/u/.tsdask-yarn/apps/a/secret", size: 64, timestamp: 31 },
  files: { "data.csv": { path: "/u/.tsdask-yarn/apps/a/files/web/data.csv", size: 5, timestamp: 41, archive: false } },
  script: { path: "/u/.tsdask-yarn/apps/a/services/web.sh", size: 7, timestamp: 51 },
};

/** The whole path to the NodeManager: the backend-neutral description, then YARN's context. */
const launchContext = (svc: string, spec: ServiceSpec, instance: string, i: LaunchInputs) =>
  containerLaunchContext(launchDescription(svc, spec, instance, i), "hdfs://nn:8020");
const serviceCommand = (spec: ServiceSpec) => nmCommand(serviceArgv(spec));

test("launch description: staged paths with their stat, archive/file, private/application; argv", () => {
  const d = launchDescription("web", service({}), "web_0", inputs);
  assert.deepEqual(d.files.tsdask, {
    source: "/u/.tsdask-yarn/cache/abc/tsdask.tar.gz",
    size: 10,
    timestamp: 11,
    type: "archive",
    visibility: "private",
  });
  assert.deepEqual(d.files["data.csv"]?.visibility, "application");
  // A script service runs through the wrapper, which rolls its output (log-parts.ts).
  assert.deepEqual(d.command, ["tsdask/bin/node", "tsdask/service.js", "service.script"]);
  assert.equal(d.env.TSDASK_INSTANCE, "web_0");
});

test("launch context: archives, secret, files, script with exact size/timestamp; env; command", () => {
  const spec = service({ env: { FOO: "bar" }, vcores: 2, memoryMiB: 1024 });
  const ctx = launchContext("web", spec, "web_3", inputs);
  const lr = ctx.localResources!;
  assert.deepEqual(Object.keys(lr).sort(), [
    ".tsdask-secret",
    ".tsdask-service.sh",
    "data.csv",
    "environment",
    "tsdask",
  ]);
  assert.deepEqual(lr.tsdask, {
    resource: { scheme: "hdfs", host: "nn", port: 8020, file: "/u/.tsdask-yarn/cache/abc/tsdask.tar.gz" },
    size: 10,
    timestamp: 11,
    type: "ARCHIVE",
    visibility: "PRIVATE",
  });
  assert.equal(lr[".tsdask-secret"]?.type, "FILE");
  assert.equal(lr[".tsdask-service.sh"]?.timestamp, 51);
  assert.deepEqual(ctx.environment, {
    FOO: "bar",
    TSDASK_CONTROL_URL: "http://am:4242",
    TSDASK_APP_ID: "application_1_0001",
    TSDASK_SERVICE: "web",
    TSDASK_INSTANCE: "web_3",
    TSDASK_VCORES: "2",
    TSDASK_MEMORY_MIB: "1024",
  });
  assert.deepEqual(ctx.commands, [
    "tsdask/bin/node tsdask/service.js service.script 1><LOG_DIR>/stdout 2><LOG_DIR>/stderr",
  ]);
});

test("rolled logs: the part size and count in the environment, and the log dir for the NM to expand", () => {
  const ctx = launchContext("web", service({}), "web_0", { ...inputs, logs: { partBytes: 1048576, parts: 8 } });
  assert.equal(ctx.environment?.TSDASK_LOG_PART_BYTES, "1048576");
  assert.equal(ctx.environment?.TSDASK_LOG_PARTS, "8");
  assert.equal(ctx.environment?.TSDASK_LOG_DIR, "<LOG_DIR>");
  // Without a policy nothing is rolled: no variables at all.
  assert.equal(launchContext("web", service({}), "web_0", inputs).environment?.TSDASK_LOG_DIR, undefined);
});

test("commands: dask roles run the wrapper; the client's script and args are quoted for the NM's bash -c \"…\"", () => {
  assert.equal(
    serviceCommand(service({ script: undefined, role: "dask.worker" })),
    "tsdask/bin/node tsdask/service.js dask.worker 1><LOG_DIR>/stdout 2><LOG_DIR>/stderr",
  );
  const client = service({
    script: undefined,
    role: "dask.client",
    clientScript: { path: "/home/u/job.py", args: ["--n", "it's $HOME"] },
  });
  assert.equal(
    serviceCommand(client),
    `tsdask/bin/node tsdask/service.js dask.client job.py --n 'it'\\\\''s \\$HOME' 1><LOG_DIR>/stdout 2><LOG_DIR>/stderr`,
  );
  assert.equal(nmQuote('a"b'), `'a\\"b'`);
  assert.deepEqual(hdfsUrl("hdfs://nn:8020", "hdfs://other:9000/x y"), {
    scheme: "hdfs",
    host: "other",
    port: 9000,
    file: "/x y",
  });
});

test("exit statuses: readable reasons", () => {
  assert.deepEqual(describeExit(0, "", 512), { state: "SUCCEEDED", reason: "exited with code 0" });
  assert.match(describeExit(-104, "", 2048).reason, /physical memory limit \(2 GiB\) exceeded/);
  assert.match(describeExit(-103, "", 512).reason, /virtual memory/);
  assert.equal(describeExit(-102, "", 512).state, "KILLED");
  assert.match(describeExit(-100, "Container released on a *lost* node\nmore", 512).reason, /\*lost\* node\)$/);
  assert.match(describeExit(-101, "", 512).reason, /disks failed/);
  assert.match(describeExit(137, "", 512).reason, /137 \(killed by SIGKILL\)/);
  assert.match(describeExit(2, "", 512).reason, /exited with code 2; see the container's logs/);
});

test("config: the AM's ids from CONTAINER_ID, addresses and resources from AM_ENV", () => {
  const c = amConfigFromEnv({
    CONTAINER_ID: "container_e03_1700000000000_0007_02_000001",
    NM_HOST: "node1",
    TSDASK_STAGING_DIR: "/user/u/.tsdask-yarn/apps/application_1700000000000_0007/",
    TSDASK_DEFAULT_FS: "hdfs://nn:8020",
    TSDASK_NAMENODE_WEB: "http://nn1:9870,http://nn2:9870",
    TSDASK_USER: "u",
    TSDASK_RM_SCHEDULER: "rm1:8030,rm2:8030",
    TSDASK_RESOURCES: JSON.stringify({ runtime: { path: "/r", size: 1, timestamp: 2 } }),
  });
  assert.equal(c.appId, "application_1700000000000_0007");
  assert.equal(c.attempt, 2);
  assert.equal(c.stagingDir, "/user/u/.tsdask-yarn/apps/application_1700000000000_0007");
  assert.deepEqual(c.rmScheduler, [
    { host: "rm1", port: 8030 },
    { host: "rm2", port: 8030 },
  ]);
  assert.equal(c.environment, undefined);
  assert.throws(() => amConfigFromEnv({ CONTAINER_ID: "container_1_0001_01_000001" }), { code: "AM_ENV_MISSING" });
});

test("journal: round trip, then recovery adopts the containers the RM handed back and drops lost ones", async () => {
  const m = new AppModel(appSpec({ w: service({ instances: 3, restarts: 5 }) }));
  m.reconcile();
  const svc = m.service("w");
  const cs = [slot(svc.name), slot(svc.name), slot(svc.name)];
  for (const c of cs) launched(m, c, 100);
  m.completed(cs[2]!.id, 1, "", 200);
  svc.desired = 3;
  const kv = new KeyValueStore();
  kv.put("dask.scheduler", "tcp://h:1");
  const j = journalOf(m, "application_1700000000000_0007", 1, kv.snapshot(), 300);
  const text = JSON.stringify(j);
  assert.deepEqual(parseJournal(text, "application_1700000000000_0007"), j);
  assert.equal(parseJournal(text, "application_other"), undefined);
  assert.equal(parseJournal("{", "x"), undefined);
  assert.equal(j.containers.length, 2);

  const m2 = new AppModel(appSpec({ w: service({ instances: 3, restarts: 5 }) }));
  const kv2 = new KeyValueStore();
  const surprise = slot(svc.name);
  const config = { appId: "application_1700000000000_0007" } as Parameters<typeof recover>[1];
  const r = await recover({ readJournal: async () => text, writeJournal: async () => {} }, config, m2, kv2, [
    cs[0]!,
    surprise,
  ]);
  assert.deepEqual([r.adopted, r.lost, r.release.length], [1, 1, 1]);
  assert.equal(kv2.get("dask.scheduler"), "tcp://h:1");
  const w2 = m2.service("w");
  assert.equal(w2.restartsUsed, 1);
  m2.reconcile();
  assert.deepEqual(
    w2.records.map((x) => [x.instanceId, x.state]),
    [
      ["w_0", "RUNNING"],
      ["w_1", "REQUESTED"],
      ["w_2", "REQUESTED"],
    ],
  );
});

test("launch context with TLS: the CA certificate and the dask leaf as APPLICATION files, never the CA key", () => {
  const tls = {
    ca: { path: "/u/.tsdask-yarn/apps/a/tls/ca.pem", size: 1200, timestamp: 61 },
    cert: { path: "/u/.tsdask-yarn/apps/a/tls/dask-cert.pem", size: 1300, timestamp: 62 },
    key: { path: "/u/.tsdask-yarn/apps/a/tls/dask-key.pem", size: 1700, timestamp: 63 },
  };
  const lr = launchContext("dask.worker", service({}), "dask.worker_0", { ...inputs, tls }).localResources!;
  assert.deepEqual(lr[".tsdask-key.pem"], {
    resource: { scheme: "hdfs", host: "nn", port: 8020, file: "/u/.tsdask-yarn/apps/a/tls/dask-key.pem" },
    size: 1700,
    timestamp: 63,
    type: "FILE",
    visibility: "APPLICATION",
  });
  assert.equal(lr[".tsdask-ca.pem"]?.timestamp, 61);
  assert.equal(lr[".tsdask-cert.pem"]?.size, 1300);
  assert.ok(!Object.keys(lr).some((k) => k.includes("ca-key")), "the CA key stays in the AM container");
  assert.ok(
    !Object.keys(launchContext("web", service({}), "web_0", inputs).localResources!).some((k) => k.endsWith(".pem")),
  );
});
