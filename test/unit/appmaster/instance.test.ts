// Instance phases: the one transition function allows exactly the moves of the lifecycle
// (waiting → requested → allocated → launching → running → stopping → done, a slot completing at
// any point once allocated) and rejects every other one with a typed error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { canMove, InstanceRecord, type Phase } from "../../../src/appmaster/instance.js";

const PHASES: Phase[] = ["waiting", "requested", "allocated", "launching", "running", "stopping", "done"];

/** The lifecycle written out by hand (not read from the table under test). */
const LEGAL = new Set([
  "waiting>requested",
  "requested>allocated",
  "allocated>launching",
  "allocated>stopping",
  "allocated>done",
  "launching>running",
  "launching>stopping",
  "launching>done",
  "running>stopping",
  "running>done",
  "stopping>done",
]);

test("phases: every pair of phases is legal exactly when the lifecycle lists it", () => {
  for (const from of PHASES) {
    for (const to of PHASES) {
      assert.equal(canMove(from, to), LEGAL.has(`${from}>${to}`), `${from} -> ${to}`);
    }
  }
});

test("moveTo: an illegal move throws AM_ILLEGAL_TRANSITION naming the instance and leaves the phase", () => {
  const cases: [Phase, Phase][] = [
    ["waiting", "running"],
    ["requested", "launching"],
    ["running", "requested"],
    ["stopping", "running"],
    ["done", "requested"],
    ["done", "done"],
  ];
  for (const [from, to] of cases) {
    const r = new InstanceRecord("w", 3, "w_3", from);
    assert.throws(
      () => r.moveTo(to),
      (err: Error & { code?: string }) =>
        err.code === "AM_ILLEGAL_TRANSITION" && err.message === `instance w_3 cannot move from ${from} to ${to}`,
    );
    assert.equal(r.phase, from);
  }
});

test("the state the control API shows follows the phase; a stopping record shows what it was", () => {
  const r = new InstanceRecord("w", 0, "w_0");
  const seen: string[] = [r.state];
  for (const p of ["requested", "allocated", "launching", "running", "stopping"] as const) {
    r.moveTo(p);
    if (p === "running") r.startTime = 1;
    seen.push(r.state);
  }
  r.result = "KILLED";
  r.moveTo("done");
  seen.push(r.state);
  assert.deepEqual(seen, ["WAITING", "REQUESTED", "REQUESTED", "REQUESTED", "RUNNING", "RUNNING", "KILLED"]);
  const early = new InstanceRecord("w", 1, "w_1", "launching");
  early.moveTo("stopping");
  assert.equal(early.state, "REQUESTED", "stopped before it started");
  assert.deepEqual([early.live, early.active, early.holdsSlot], [true, false, true]);
});
