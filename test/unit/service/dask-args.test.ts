// Command lines and environments of the dask roles, and parsing of what the scheduler reports.
// Expected values are written out by hand from distributed 2026.8's CLI help and distributed.yaml.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  daskTlsEnv,
  dashboardUrl,
  DEFAULT_SCHEDULER_ROUTES,
  parseSchedulerFile,
  pythonStringLiteral,
  schedulerArgs,
  schedulerEnv,
  workerArgs,
  workerStartEnv,
} from "../../../src/service/dask-args.js";

test("scheduler: free ports for scheduler and dashboard, bound addresses in the scheduler file", () => {
  assert.deepEqual(schedulerArgs({ host: "nm1.example.org", schedulerFile: "/c/.tsdask-scheduler.json" }), [
    "-m",
    "distributed.cli.dask_scheduler",
    "--host",
    "nm1.example.org",
    "--port",
    "0",
    "--dashboard-address",
    ":0",
    "--scheduler-file",
    "/c/.tsdask-scheduler.json",
  ]);
  assert.deepEqual(
    schedulerArgs({ schedulerFile: "s.json" }).slice(2, 4),
    ["--port", "0"],
    "no --host without NM_HOST",
  );
});

test("worker: scheduler address, instance name, vcores as threads, container memory in MiB", () => {
  assert.deepEqual(
    workerArgs({
      scheduler: "tcp://10.0.0.5:41234",
      name: "dask.worker_3",
      nthreads: 4,
      memoryMiB: 2048,
      localDirectory: "/yarn/c1",
    }),
    [
      "-m",
      "distributed.cli.dask_worker",
      "tcp://10.0.0.5:41234",
      "--name",
      "dask.worker_3",
      "--nthreads",
      "4",
      "--memory-limit",
      "2048MiB",
      "--local-directory",
      "/yarn/c1",
      "--nanny",
      "--no-dashboard",
    ],
  );
});

test("scheduler env: default routes kept, keyed API module appended, key as a Python str literal", () => {
  const env = schedulerEnv("s3cr3t-XYZ", "/c/.tsdask-python", undefined);
  assert.equal(
    env.DASK_DISTRIBUTED__SCHEDULER__HTTP__ROUTES,
    '["distributed.http.scheduler.prometheus","distributed.http.scheduler.info",' +
      '"distributed.http.scheduler.json","distributed.http.health","distributed.http.proxy",' +
      '"distributed.http.statics","tsdask_scheduler_api"]',
  );
  assert.equal(env.DASK_DISTRIBUTED__SCHEDULER__HTTP__API_KEY, '"s3cr3t-XYZ"');
  assert.equal(env.PYTHONPATH, "/c/.tsdask-python");
  assert.equal(
    schedulerEnv("k", "/g", "/user/lib:/x").PYTHONPATH,
    "/g:/user/lib:/x",
    "the user's path stays, after ours",
  );
  assert.ok(
    !DEFAULT_SCHEDULER_ROUTES.includes("distributed.http.scheduler.api" as never),
    "the unkeyed API is never added",
  );
});

test("python string literal: secrets that literal_eval would turn into numbers or break stay strings", () => {
  assert.equal(pythonStringLiteral("1234e5"), '"1234e5"');
  assert.equal(pythonStringLiteral("True"), '"True"');
  assert.equal(pythonStringLiteral('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(pythonStringLiteral("line\nbreak"), '"line\\nbreak"');
});

const REAL_FILE = `{
  "type": "Scheduler",
  "id": "Scheduler-764be2c0-1bf6-4c03-939c-42d23d0c7a8d",
  "address": "tcp://127.0.0.1:39327",
  "services": {
    "dashboard": 39799
  },
  "started": 1795665768.0895305,
  "n_workers": 0,
  "total_threads": 0,
  "total_memory": 0,
  "workers": {}
}`;

test("scheduler file: address and dashboard port from what dask 2026.8 writes", () => {
  assert.deepEqual(parseSchedulerFile(REAL_FILE), { address: "tcp://127.0.0.1:39327", dashboardPort: 39799 });
});

test("scheduler file: half-written, empty or odd files are 'not yet', not errors", () => {
  assert.equal(parseSchedulerFile(""), undefined);
  assert.equal(parseSchedulerFile(REAL_FILE.slice(0, 80)), undefined);
  assert.equal(parseSchedulerFile("null"), undefined);
  assert.equal(parseSchedulerFile('{"address": "tcp://host"}'), undefined, "no port");
  assert.equal(parseSchedulerFile('{"address": 5}'), undefined);
  assert.deepEqual(parseSchedulerFile('{"address": "tcp://h:1", "services": {}}'), {
    address: "tcp://h:1",
    dashboardPort: undefined,
  });
  assert.deepEqual(parseSchedulerFile('{"address": "tls://h:1", "services": {"dashboard": 0}}'), {
    address: "tls://h:1",
    dashboardPort: undefined,
  });
});

test("dashboard URL: the scheduler's host with the dashboard port, IPv6 kept in brackets", () => {
  assert.equal(dashboardUrl("tcp://10.1.2.3:8786", 41000), "http://10.1.2.3:41000");
  assert.equal(dashboardUrl("tcp://nm1.example.org:8786", 8787), "http://nm1.example.org:8787");
  assert.equal(dashboardUrl("tcp://[fe80::1]:8786", 8787), "http://[fe80::1]:8787");
});

test("TLS: the scheduler listens on tls://; every role gets the app's CA and leaf, encryption required", () => {
  const args = schedulerArgs({ host: "nm1", schedulerFile: "/c/s.json", tls: true });
  assert.deepEqual(args.slice(0, 6), ["-m", "distributed.cli.dask_scheduler", "--host", "nm1", "--protocol", "tls"]);
  assert.ok(!schedulerArgs({ schedulerFile: "/c/s.json" }).includes("--protocol"), "plain tcp without TLS");
  const env = daskTlsEnv({
    caFile: "/c/.tsdask-ca.pem",
    certFile: "/c/.tsdask-cert.pem",
    keyFile: "/c/.tsdask-key.pem",
  });
  assert.deepEqual(env, {
    DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION: "True",
    DASK_DISTRIBUTED__COMM__TLS__CA_FILE: '"/c/.tsdask-ca.pem"',
    DASK_DISTRIBUTED__COMM__TLS__SCHEDULER__CERT: '"/c/.tsdask-cert.pem"',
    DASK_DISTRIBUTED__COMM__TLS__SCHEDULER__KEY: '"/c/.tsdask-key.pem"',
    DASK_DISTRIBUTED__COMM__TLS__WORKER__CERT: '"/c/.tsdask-cert.pem"',
    DASK_DISTRIBUTED__COMM__TLS__WORKER__KEY: '"/c/.tsdask-key.pem"',
    DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT: '"/c/.tsdask-cert.pem"',
    DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY: '"/c/.tsdask-key.pem"',
  });
});

test("workers start with fork unless the container sets its own start method", () => {
  assert.deepEqual(workerStartEnv({}), { DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD: "fork" });
  assert.deepEqual(workerStartEnv({ DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD: "spawn" }), {});
});
