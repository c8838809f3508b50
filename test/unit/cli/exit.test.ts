// Exit-code mapping and error printing.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  EXIT,
  exitCodeFor,
  exitCodeForFinalStatus,
  parseDurationFlag,
  printError,
  UsageError,
} from "../../../src/cli/exit.js";
import type { Io } from "../../../src/cli/io.js";
import { exitCodeOf } from "../../../src/launcher/connect.js";
import { TsdaskError } from "../../../src/errors.js";
import { SpecError } from "../../../src/spec/index.js";

test("errors map to exit codes: spec and usage 2, everything else 1", () => {
  assert.equal(exitCodeFor(new SpecError("SPEC_TYPE", "worker.count", "bad")), EXIT.usage);
  assert.equal(exitCodeFor(new UsageError("bad")), EXIT.usage);
  assert.equal(exitCodeFor(new TsdaskError("APP_ID_INVALID", "bad")), EXIT.usage);
  assert.equal(exitCodeFor(new TsdaskError("YARN_NOT_FOUND", "gone")), EXIT.failed);
  assert.equal(exitCodeFor(new TsdaskError("CONTROL_UNREACHABLE", "gone")), EXIT.failed);
  assert.equal(exitCodeFor(new Error("boom")), EXIT.failed);
});

test("an interrupted submit exits 130 (128 + SIGINT), as shells report it", () => {
  assert.equal(exitCodeFor(new TsdaskError("SUBMIT_ABORTED", "interrupted")), 130);
  assert.equal(EXIT.interrupted, 130);
});

test("duration flags: a duration in ms; 0 only where allowed; anything else a usage error", () => {
  assert.equal(parseDurationFlag("--older-than", "1d", true), 86_400_000);
  assert.equal(parseDurationFlag("--older-than", "0", true), 0);
  assert.throws(() => parseDurationFlag("--timeout", "0"), /--timeout: '0' is not a duration/);
  assert.throws(
    () => parseDurationFlag("--older-than", "soon", true),
    (e: unknown) => e instanceof UsageError,
  );
});

test("--wait maps final statuses: SUCCEEDED 0, FAILED 1, KILLED 137, UNDEFINED 1", () => {
  assert.equal(exitCodeForFinalStatus("SUCCEEDED"), 0);
  assert.equal(exitCodeForFinalStatus("FAILED"), 1);
  assert.equal(exitCodeForFinalStatus("KILLED"), 137);
  assert.equal(exitCodeForFinalStatus("UNDEFINED"), 1);
  // The library's waitForFinish → exitCodeOf gives the same codes as the CLI.
  for (const s of ["SUCCEEDED", "FAILED", "KILLED", "UNDEFINED"] as const) {
    assert.equal(exitCodeOf(s), exitCodeForFinalStatus(s), s);
  }
});

function capture(): { io: Io; out: () => string; err: () => string } {
  let o = "";
  let e = "";
  const io = {
    out: (t: string) => void (o += t),
    err: (t: string) => void (e += t),
    stdoutTTY: false,
    stderrTTY: false,
    env: {},
    cwd: "/",
    homeDir: "/",
  };
  return { io, out: () => o, err: () => e };
}

test("every TsdaskError prints its message and hint, once", () => {
  const c = capture();
  printError(c.io, new TsdaskError("YARN_REMOTE", "it broke", "do this"));
  assert.equal(c.err(), "error: it broke\nhint: do this\n");
  assert.equal(c.out(), "");
  const s = capture();
  printError(s.io, new SpecError("SPEC_RANGE", "worker.count", "must be ≥ 0", undefined, "use 0 or more"));
  assert.equal((s.err().match(/use 0 or more/g) ?? []).length, 1);
});

test("an unexpected error says how to get details; --debug prints the stack and causes", () => {
  const c = capture();
  printError(c.io, new Error("boom"));
  assert.match(c.err(), /run again with --debug/);
  const d = capture();
  printError(d.io, new TsdaskError("YARN_REMOTE", "outer", undefined, { cause: new Error("inner") }), {
    debug: true,
  });
  assert.match(d.err(), /caused by: Error: inner/);
});
