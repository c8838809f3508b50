// Submit's check that a fixed port range holds every instance one node may run at once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { LauncherError } from "../../../src/launcher/errors.js";
import { checkPortRanges, instancesPerNode, portRangeProblems } from "../../../src/launcher/port-ranges.js";
import { specFromYaml } from "../../../src/spec/index.js";

const yaml = (s: string) => specFromYaml(s, { allowMissingEnvironment: true });
const nodes = [
  { host: "small", memoryMb: 4096 },
  { host: "big", memoryMb: 8192 },
];

test("instances per node: by memory on the largest node; one for the scheduler", () => {
  const spec = yaml("worker: {memory: 512 MiB}\nscheduler: {memory: 1 GiB}");
  const { "dask.worker": worker, "dask.scheduler": scheduler } = spec.services;
  assert.ok(worker && scheduler, "both dask services are generated");
  assert.equal(instancesPerNode("dask.worker", worker, nodes).count, 16);
  assert.equal(instancesPerNode("dask.scheduler", scheduler, nodes).count, 1);
});

test("one fixed worker port is a range of one: refused when a node holds more workers", () => {
  assert.throws(
    () => checkPortRanges(yaml("worker: {memory: 512 MiB, port: 9000}"), nodes),
    /worker\.port 9000 holds 1 port,/,
  );
});

test("a range with a port per instance passes; one port fewer is refused naming the node", () => {
  checkPortRanges(yaml("worker: {memory: 512 MiB, port: 9000-9015}"), nodes);
  assert.throws(
    () => checkPortRanges(yaml("worker: {memory: 512 MiB, port: 9000-9014}"), nodes),
    (e: unknown) =>
      e instanceof LauncherError &&
      e.code === "PORT_RANGE_TOO_SMALL" &&
      /worker\.port 9000-9014 holds 15 ports, but up to 16 may be needed on one node/.test(e.message) &&
      /node big \(8192 MiB\)/.test(e.message),
  );
});

test("overlapping ranges share their ports: scheduler and dashboard on one port are refused", () => {
  const spec = yaml('scheduler: {port: 8786, dashboard-address: ":8786"}');
  assert.deepEqual(portRangeProblems(spec, nodes), []); // a plain dashboard address is dask's, unchecked
  const ranged = yaml('scheduler: {port: 8786-8787, dashboard-address: ":8787-8787"}');
  assert.deepEqual(portRangeProblems(ranged, nodes), []); // 8786 and 8787: one each
  const clash = yaml('scheduler: {port: 8786-8786, dashboard-address: ":8786-8786"}');
  const [problem = ""] = portRangeProblems(clash, nodes);
  assert.match(problem, /scheduler\.port 8786 and scheduler\.dashboard-address 8786 hold 1 port \(they overlap/);
});
