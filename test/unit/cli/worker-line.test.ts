// The live line of `submit` while an application comes up. A services-only application
// (dask: false) printed "waiting for the scheduler" (issue 21): it has none; it now names its services.
import assert from "node:assert/strict";
import { test } from "node:test";
import { workerLine } from "../../../src/cli/submit.js";
import { countByState, type StatusReport } from "../../../src/control/index.js";
import { sampleStatus } from "../control/support.js";

test("a services-only application: its services, no word of a scheduler", () => {
  const base = sampleStatus();
  const s: StatusReport = {
    ...base,
    services: [
      {
        name: "web",
        desiredInstances: 2,
        counts: countByState([{ state: "RUNNING" }]),
        restartsUsed: 0,
        maxRestarts: 0,
        containers: [],
      },
      { name: "db", desiredInstances: 1, counts: countByState([]), restartsUsed: 0, maxRestarts: 0, containers: [] },
    ],
  };
  delete (s as { dask?: unknown }).dask;
  const line = workerLine(s);
  assert.equal(line, "services: web 1/2 running, db 0/1 running");
  assert.doesNotMatch(line, /scheduler/);
});

test("a dask application still reports its scheduler and workers", () => {
  assert.match(workerLine(sampleStatus()), /^(scheduler up|waiting for the scheduler); workers \d+\/2 running/);
});
