// Node trouble in the status report: containers on a node the RM reported LOST/UNHEALTHY are marked
// before YARN completes them, and `status` tells NodeManagers on one host apart by host:port.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AppModel } from "../../../src/appmaster/model.js";
import { statusReport } from "../../../src/appmaster/status.js";
import { renderAmStatus } from "../../../src/cli/status.js";
import type { ApplicationInfo } from "../../../src/control/types.js";
import { appSpec, launched, service, slot } from "./support.js";

const APP_INFO: ApplicationInfo = {
  id: "application_1_1",
  name: "t",
  queue: "default",
  attempt: 1,
  state: "RUNNING",
  startTime: 0,
  amMemoryRssBytes: 0,
};

function twoNodes(): AppModel {
  const m = new AppModel(appSpec({ w: service({ instances: 2 }) }));
  m.reconcile();
  for (const port of [45454, 45455]) {
    const c = { ...slot("w"), host: "localhost", nodeId: `localhost:${port}` };
    launched(m, c, 1);
  }
  return m;
}

test("a container on a LOST node is marked with the node's state; RUNNING again clears it", () => {
  const m = twoNodes();
  m.nodeUpdated("localhost:45455", "LOST");
  const byNode = () =>
    statusReport(m, APP_INFO, new Map(), "u", 2).services[0]!.containers.map((c) => [c.nodeId, c.state, c.nodeState]);
  assert.deepEqual(byNode(), [
    ["localhost:45454", "RUNNING", undefined],
    ["localhost:45455", "RUNNING", "LOST"],
  ]);
  m.nodeUpdated("localhost:45455", "RUNNING");
  assert.deepEqual(
    byNode().map((r) => r[2]),
    [undefined, undefined],
  );
});

test("status: HOST is the NodeManager id when host names repeat, and a troubled node is named", () => {
  const m = twoNodes();
  m.nodeUpdated("localhost:45454", "UNHEALTHY");
  let out = "";
  const io = {
    out: (t: string) => void (out += t),
    err: () => undefined,
    stdoutTTY: false,
    stderrTTY: false,
    env: {},
    cwd: "/",
    homeDir: "/",
  };
  renderAmStatus({ io, global: {} }, statusReport(m, APP_INFO, new Map(), "u", 2));
  const rows = out.split("\n").filter((l) => l.startsWith("w\tw_"));
  assert.equal(rows.length, 2);
  assert.match(rows[0]!, /\tlocalhost:45454\tits node is UNHEALTHY: the container may be gone$/);
  assert.match(rows[1]!, /\tlocalhost:45455\t/);
});
