// Command-line flags → loadSpec flags, list filters, timeouts, readiness.
import assert from "node:assert/strict";
import { Command } from "commander";
import { test } from "node:test";
import { filterOf } from "../../../src/cli/list.js";
import { addSpecFlags, specOptionsOf } from "../../../src/cli/spec-flags.js";
import { parseTimeout } from "../../../src/cli/submit.js";
// The CLI waits and reads logs through the launcher: its readiness rule and log parsing are these.
import { amContainerOf, onNode, parseLogList } from "../../../src/launcher/logs/container-logs.js";
import { daskReady as isReady } from "../../../src/launcher/dask-ready.js";
import { countByState, type StatusReport } from "../../../src/control/index.js";

function parse(argv: string[]) {
  const cmd = addSpecFlags(new Command("x").exitOverride());
  cmd.parse(argv, { from: "user" });
  return specOptionsOf(cmd.opts());
}

test("submit flags map onto dotted config keys with their flag names", () => {
  const r = parse([
    "--worker-count",
    "3",
    "--worker-memory",
    "4 GiB",
    "--worker-env",
    "A=1",
    "--worker-env",
    "B=2",
    "--client-env",
    "C=3",
    "--adaptive",
    "1:5",
    "--environment",
    "env.tar.gz",
    "--queue",
    "q",
    "--name",
    "n",
    "--tags",
    "a,b",
    "--priority",
    "4",
    "--max-attempts",
    "1",
    "--node-label",
    "gpu",
    "--idle-timeout",
    "30m",
    "--scheduler-memory",
    "1 GiB",
    "--spec",
    "s.yaml",
  ]);
  assert.deepEqual(r.flags, {
    name: "n",
    queue: "q",
    tags: "a,b",
    priority: "4",
    environment: "env.tar.gz",
    "max-attempts": "1",
    "node-label": "gpu",
    "idle-timeout": "30m",
    "worker.count": "3",
    "worker.memory": "4 GiB",
    "worker.env": ["A=1", "B=2"],
    "worker.adaptive": "1:5",
    "scheduler.memory": "1 GiB",
    "client.env": ["C=3"],
  });
  assert.equal(r.flagNames!["worker.count"], "--worker-count");
  assert.equal(r.specFile, "s.yaml");
  assert.deepEqual(parse([]), { flags: {}, flagNames: {} });
});

test("list: live states by default, --all for every state, --state validated", () => {
  assert.deepEqual(filterOf({}).states, ["NEW", "NEW_SAVING", "SUBMITTED", "ACCEPTED", "RUNNING"]);
  assert.equal(filterOf({ all: true }).states, undefined);
  assert.deepEqual(filterOf({ state: "finished, killed" }).states, ["FINISHED", "KILLED"]);
  assert.throws(() => filterOf({ state: "DONE" }), /unknown state 'DONE'/);
  assert.throws(() => filterOf({ state: "RUNNING", all: true }), /cannot be used together/);
  assert.deepEqual(filterOf({ queue: "q", user: "u", tags: "a,b", type: "tsdask-yarn" }), {
    states: ["NEW", "NEW_SAVING", "SUBMITTED", "ACCEPTED", "RUNNING"],
    queue: "q",
    user: "u",
    tags: ["a", "b"],
    applicationTypes: ["tsdask-yarn"],
  });
});

test("--timeout takes durations; nonsense is a usage error", () => {
  assert.equal(parseTimeout(undefined), undefined);
  assert.equal(parseTimeout("90s"), 90_000);
  assert.equal(parseTimeout("10m"), 600_000);
  assert.equal(parseTimeout("30"), 30_000);
  for (const bad of ["soon", "0", "-5s"]) assert.throws(() => parseTimeout(bad), /is not a duration/);
});

const svc = (name: string, desired: number, states: ("RUNNING" | "REQUESTED")[]) => ({
  name,
  desiredInstances: desired,
  counts: countByState(states.map((state) => ({ state }))),
  restartsUsed: 0,
  maxRestarts: -1,
  containers: [],
});

test("a cluster is ready when the scheduler published its address and the workers registered with it", () => {
  const base = { application: {} as StatusReport["application"], generatedAt: 0 };
  const s: StatusReport = {
    ...base,
    services: [svc("dask.scheduler", 1, ["RUNNING"]), svc("dask.worker", 2, ["RUNNING", "REQUESTED"])],
    dask: { schedulerAddress: "tcp://h:1", workers: 1 },
  };
  assert.equal(isReady(s), false);
  const running = { ...s, services: [s.services[0]!, svc("dask.worker", 2, ["RUNNING", "RUNNING"])] };
  assert.equal(isReady(running), false, "containers run, one worker has not registered yet");
  assert.equal(isReady({ ...running, dask: { schedulerAddress: "tcp://h:1" } }), false, "no count from the AM yet");
  assert.equal(isReady({ ...running, dask: { schedulerAddress: "tcp://h:1", workers: 2 } }), true);
  assert.equal(isReady({ ...s, services: [s.services[0]!, svc("dask.worker", 0, [])] }), true, "no workers asked");
  assert.equal(isReady({ ...s, dask: {}, services: [s.services[0]!] }), false);
  assert.equal(isReady({ ...base, services: [svc("web", 2, [])] }), true, "generic services do not hold submit");
});

test("NodeManager log listings parse in both shapes; the AM container comes from its log link", () => {
  const one = { containerLogInfo: { fileName: "stderr", fileSize: "12" } };
  const list = [
    {
      containerLogInfo: [
        { fileName: "stdout", fileSize: "0" },
        { fileName: "stderr", fileSize: "5" },
      ],
    },
  ];
  assert.deepEqual(parseLogList(one), [{ name: "stderr", size: 12 }]);
  assert.deepEqual(
    parseLogList(list).map((f) => f.name),
    ["stdout", "stderr"],
  );
  assert.deepEqual(parseLogList({}), []);
  // What Hadoop 3.4's NodeManager answers.
  const wrapped = { containerLogsInfo: { containerLogInfo: [{ fileName: "launch_container.sh", fileSize: "4924" }] } };
  assert.deepEqual(parseLogList(wrapped), [{ name: "launch_container.sh", size: 4924 }]);
  // A running container whose rolled parts were uploaded: the NodeManager lists its own files and
  // the aggregated ones, each group with its logAggregationType; only LOCAL ones are on its disk.
  const both = {
    containerLogsInfo: [
      { containerLogInfo: [{ fileName: "stdout.part-000001", fileSize: "10" }], logAggregationType: "AGGREGATED" },
      { containerLogInfo: [{ fileName: "stdout.part-000002.open", fileSize: "3" }], logAggregationType: "LOCAL" },
    ],
  };
  assert.deepEqual(parseLogList(both), [
    { name: "stdout.part-000001", size: 10, type: "AGGREGATED" },
    { name: "stdout.part-000002.open", size: 3, type: "LOCAL" },
  ]);
  assert.deepEqual(
    parseLogList(both)
      .filter(onNode)
      .map((f) => f.name),
    ["stdout.part-000002.open"],
  );
  assert.equal(
    amContainerOf("http://localhost:8042/node/containerlogs/container_1795665080613_0080_01_000001/root"),
    "container_1795665080613_0080_01_000001",
  );
  assert.equal(
    amContainerOf("http://h/node/containerlogs/container_e17_1795665080613_0080_02_000001/u"),
    "container_e17_1795665080613_0080_02_000001",
  );
  assert.equal(amContainerOf(undefined), undefined);
});
