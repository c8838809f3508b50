// Fixed ports and port ranges of the dask roles: the accepted spellings, the errors naming the key,
// and what reaches the service wrapper (TSDASK_DASK_OPTIONS) and dask's command line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { specFromYaml } from "../../../src/spec/index.js";
import { parseDashboardRange, parsePortRange } from "../../../src/spec/ports.js";
import { schedulerRunner, workerArgs, workerRunner } from "../../../src/service/dask-args.js";
import { roleSettings } from "../../../src/service/roles.js";
import type { SchedulerSettings, WorkerSettings } from "../../../src/control/runtime.js";

const ENV = "environment: hdfs:///envs/dask.tar.gz\n";
const isCode = (code: string, key: RegExp) => (e: Error & { code?: string }) => e.code === code && key.test(e.message);

test("a port is one number; a range is A-B or dask's A:B; 0 is any free port", () => {
  assert.deepEqual(parsePortRange(8786), { first: 8786, last: 8786 });
  assert.deepEqual(parsePortRange("8786-8790"), { first: 8786, last: 8790 });
  assert.deepEqual(parsePortRange(" 9000 : 9099 "), { first: 9000, last: 9099 });
  assert.equal(parsePortRange(0), undefined);
  assert.deepEqual(parseDashboardRange(":8787-8790"), { host: "", first: 8787, last: 8790 });
  assert.deepEqual(parseDashboardRange("0.0.0.0:8787-8787"), { host: "0.0.0.0", first: 8787, last: 8787 });
  assert.equal(parseDashboardRange(":8787"), undefined);
});

test("bad ports are refused naming the key and its source", () => {
  for (const bad of ["8790-8786", "70000", "80a", "1-2-3", "0-5"]) {
    assert.throws(
      () => specFromYaml(ENV + `scheduler: {port: "${bad}"}\n`),
      isCode("SPEC_RANGE", /scheduler\.port/),
      bad,
    );
  }
  assert.throws(() => specFromYaml(ENV + "worker: {port: [1, 2]}\n"), isCode("SPEC_TYPE", /worker\.port/));
  assert.throws(
    () => specFromYaml(ENV + 'scheduler: {dashboard-address: ":9-2"}\n'),
    isCode("SPEC_RANGE", /scheduler\.dashboard-address/),
  );
});

test("one scheduler port stays dask's --port; ranges go to the runner, which tries each port", () => {
  const one = specFromYaml(ENV + 'scheduler: {port: 8786, dashboard-address: ":8787-8787"}\n');
  const s1 = roleSettings<SchedulerSettings>(one.services["dask.scheduler"]?.env ?? {});
  assert.deepEqual(s1, { port: 8786, dashboardAddress: ":8787" });

  const spec = specFromYaml(ENV + 'scheduler: {port: 8786-8790, dashboard-address: "h1:8787-8789"}\n');
  const svc = spec.services["dask.scheduler"];
  assert.ok(svc, "the scheduler service is generated");
  assert.deepEqual(svc.ports, [
    { key: "scheduler.port", first: 8786, last: 8790 },
    { key: "scheduler.dashboard-address", first: 8787, last: 8789 },
  ]);
  const s = roleSettings<SchedulerSettings>(svc.env);
  assert.deepEqual(s.portRange, { first: 8786, last: 8790 });
  assert.deepEqual(s.dashboardRange, { host: "h1", first: 8787, last: 8789 });
  const runner = schedulerRunner(
    { schedulerFile: "/c/f.json", portRange: s.portRange, dashboardRange: s.dashboardRange },
    {},
  );
  assert.deepEqual(runner.ranges, {
    port: { first: 8786, last: 8790 },
    dashboard: { host: "h1", first: 8787, last: 8789 },
  });
});

test("worker and nanny ranges reach dask in its own spelling, per worker class", () => {
  const spec = specFromYaml(ENV + "worker: {port: 9000-9015, nanny-port: '9100:9115'}\n");
  const w = spec.services["dask.worker"];
  assert.ok(w, "the worker service is generated");
  assert.deepEqual(
    w.ports?.map((p) => p.key),
    ["worker.port", "worker.nanny-port"],
  );
  const s = roleSettings<WorkerSettings>(w.env);
  const o = { scheduler: "tls://h:1", name: "w0", nthreads: 1, memoryMiB: 512, localDirectory: "/c", ...s };
  const cli = workerArgs(o);
  assert.deepEqual(cli.slice(cli.indexOf("--worker-port")), [
    "--worker-port",
    "9000:9015",
    "--nanny-port",
    "9100:9115",
  ]);
  const nanny = workerRunner(o, undefined, {}).kwargs;
  assert.equal(nanny.worker_port, "9000:9015");
  assert.equal(nanny.port, "9100:9115");
  const plain = workerRunner(o, "distributed.Worker", {}).kwargs;
  assert.equal(plain.port, "9000:9015");
  assert.equal(plain.worker_port, undefined);
});
