// Exit codes and failures of the wrapper itself and of its child process.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsdaskError } from "../../../src/errors.js";
import { ControlError } from "../../../src/control/index.js";
import { exitCodeOf, startChild } from "../../../src/service/child.js";
import { describeFailure, exitCodeFor, ServiceError } from "../../../src/service/errors.js";

test("a child's exit code passes through; a signal becomes 128 + its number", () => {
  assert.equal(exitCodeOf(0, null), 0);
  assert.equal(exitCodeOf(3, null), 3);
  assert.equal(exitCodeOf(null, "SIGTERM"), 143);
  assert.equal(exitCodeOf(null, "SIGKILL"), 137);
  assert.equal(exitCodeOf(null, "SIGINT"), 130);
  assert.equal(exitCodeOf(null, null), 1);
});

test("startChild: the exit code of a real process; a missing program is SERVICE_SPAWN_FAILED", async () => {
  const ok = await startChild(process.execPath, ["-e", "process.exit(4)"], {
    cwd: process.cwd(),
    env: process.env,
    what: "test child",
  });
  assert.equal(await ok.exited, 4);
  const sleeper = await startChild(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], {
    cwd: process.cwd(),
    env: process.env,
    what: "test child",
  });
  sleeper.signal("SIGTERM");
  assert.equal(await sleeper.exited, 143);
  sleeper.signal("SIGTERM"); // after exit: a no-op, not a crash
  await assert.rejects(
    startChild("/nonexistent/python", [], { cwd: process.cwd(), env: process.env, what: "dask worker" }),
    (err: unknown) =>
      err instanceof ServiceError && err.code === "SERVICE_SPAWN_FAILED" && /dask worker/.test(err.message),
  );
});

test("wrapper failures: usage exits 2, others 1; the message names the code and what to do", () => {
  const usage = new ServiceError("SERVICE_USAGE", "unknown role 'x'", "use dask.worker");
  assert.equal(exitCodeFor(usage), 2);
  assert.equal(exitCodeFor(new ServiceError("SERVICE_NO_PYTHON", "no python", "ship one")), 1);
  assert.equal(exitCodeFor(new Error("boom")), 1);
  assert.equal(
    describeFailure(new ServiceError("SERVICE_NO_PYTHON", "no Python at /c/environment/bin/python", "ship one")),
    "tsdask-yarn service: error [SERVICE_NO_PYTHON]: no Python at /c/environment/bin/python\n  what to do: ship one",
  );
  const control = new ControlError("CONTROL_UNAUTHORIZED", "get: missing or wrong application secret");
  assert.match(describeFailure(control), /^tsdask-yarn service: error \[CONTROL_UNAUTHORIZED\]: .*\n {2}what to do: /);
  assert.ok(control instanceof TsdaskError);
  assert.match(describeFailure(new Error("boom")), /unexpected failure: Error: boom\n\s+at /, "bugs keep their stack");
});
