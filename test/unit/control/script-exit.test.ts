// The script's exit code as `submit --wait` reads it back from the RM's final diagnostics.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scriptExitCodeOf, scriptNeverStarted } from "../../../src/control/index.js";

test("scriptExitCodeOf: the code the AM wrote, nothing from other diagnostics", () => {
  assert.equal(scriptExitCodeOf("the dask.client script ended with script exit code 7 (exited with code 7)"), 7);
  assert.equal(scriptExitCodeOf("the dask.client script ended with script exit code 0 (exited with code 0)"), 0);
  assert.equal(
    scriptExitCodeOf("the dask.client script failed: exited with code 1; see the container's logs"),
    undefined,
  );
  assert.equal(scriptExitCodeOf("service 'dask.scheduler' failed: dask.scheduler_0 exited with code 3"), undefined);
  assert.equal(scriptExitCodeOf("Application killed by user."), undefined);
});

test("scriptNeverStarted: only for a client container that ended before its script", () => {
  assert.equal(scriptNeverStarted("the dask.client script never started: its container exited with code 1"), true);
  assert.equal(scriptNeverStarted("the dask.client script ended with script exit code 1"), false);
});
