// The AM's SIGTERM cleanup: the RM answers "attempt unknown" both for a killed application and for
// a failed attempt that a next one follows (the recovery suite's kill of the AM container's shell
// made the AM delete what attempt 2 needed). Only the last attempt may delete on SIGTERM.
import assert from "node:assert/strict";
import { test } from "node:test";
import { onAttemptFailed, onStopSignal, type StopDeps } from "../../../src/appmaster/yarn/yarn-stop.js";

function deps(gone: boolean): { d: StopDeps; deleted: string[]; asked: number[] } {
  const deleted: string[] = [];
  const asked: number[] = [];
  const d: StopDeps = {
    attemptGone: async (ms) => (asked.push(ms), gone),
    fs: { delete: async (p: string) => (deleted.push(p), true) },
    stagingDir: "/user/u/.tsdask-yarn/apps/application_1_0001",
    log: () => {},
  };
  return { d, deleted, asked };
}

test("SIGTERM on attempt 1 of 2 keeps the staging dir even when the RM no longer knows the attempt", async () => {
  const { d, deleted, asked } = deps(true);
  await onStopSignal(d, 1, 2);
  assert.deepEqual(deleted, []);
  assert.deepEqual(asked, [], "not even asked: the answer could not tell a kill from a failed attempt");
});

test("SIGTERM on the last attempt deletes once the RM no longer knows it, and not while it does", async () => {
  const gone = deps(true);
  await onStopSignal(gone.d, 2, 2);
  assert.deepEqual(gone.deleted, [gone.d.stagingDir]);
  const known = deps(false);
  await onStopSignal(known.d, 1, 1);
  assert.deepEqual(known.deleted, []);
});

test("a failed attempt deletes only when it was the last", async () => {
  const early = deps(true);
  await onAttemptFailed(early.d, 1, 2);
  assert.deepEqual(early.deleted, []);
  const last = deps(true);
  await onAttemptFailed(last.d, 2, 2);
  assert.deepEqual(last.deleted, [last.d.stagingDir]);
});
