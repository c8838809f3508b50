// The runner's exit code for "start a fresh worker" is written twice: in the Python module the
// wrapper runs and in the TS constant the wrapper compares the exit status with. They must agree.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { DASK_RUNNER_SOURCE, WORKER_RESTART_EXIT } from "../../../src/service/dask-runner.js";

test("dask_runner.py's RESTART_EXIT is the wrapper's WORKER_RESTART_EXIT", () => {
  const file = readFileSync(new URL("../../../src/service/dask_runner.py", import.meta.url), "utf8");
  const found = /^RESTART_EXIT = (\d+)/m.exec(file);
  assert.ok(found?.[1], "dask_runner.py defines RESTART_EXIT at module level");
  assert.equal(Number(found[1]), WORKER_RESTART_EXIT);
  assert.notEqual(WORKER_RESTART_EXIT, 0, "a restart must not look like a clean exit");
});

test("the embedded runner source is the file's text", () => {
  const file = readFileSync(new URL("../../../src/service/dask_runner.py", import.meta.url), "utf8");
  assert.equal(DASK_RUNNER_SOURCE, file);
});
