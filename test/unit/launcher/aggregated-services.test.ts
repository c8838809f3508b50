// Containers → services after the end, from the AM's own log lines.
import assert from "node:assert/strict";
import { test } from "node:test";
import { launchesFromAmLog, serviceOfInstance } from "../../../src/launcher/logs/aggregated-services.js";

test("the AM's launch and adoption lines map containers to instances; other lines are ignored", () => {
  const log = [
    "2026-11-26T11:18:54.960Z tsdask-yarn appmaster 0.1.0: container_1_0001_01_000001 (attempt 1)",
    "2026-11-26T11:18:55.657Z started dask.scheduler_0 in container_1_0001_01_000002 on localhost",
    "2026-11-26T11:18:56.104Z started dask.worker_10 in container_e03_1_0001_01_000003 on node7",
    "2026-11-26T11:19:30.000Z adopted my.svc_2 in container_1_0001_01_000009, reported late by the RM",
    "2026-11-26T11:19:39.142Z dask.client_0 (container_1_0001_01_000004) SUCCEEDED: exited with code 0",
  ].join("\n");
  assert.deepEqual(
    [...launchesFromAmLog(log)],
    [
      ["container_1_0001_01_000002", "dask.scheduler_0"],
      ["container_e03_1_0001_01_000003", "dask.worker_10"],
      ["container_1_0001_01_000009", "my.svc_2"],
    ],
  );
  assert.equal(serviceOfInstance("dask.worker_10"), "dask.worker");
  assert.equal(serviceOfInstance("my_svc_2"), "my_svc");
});
