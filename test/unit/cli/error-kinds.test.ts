// Every error code's kind gives the exit code the documentation promises. The expected codes are
// written here from the docs (README "exit code" table, docs/bad-input.md "Exit", docs/design.md
// §8), not taken from cli/exit.ts, so a kind or mapping that drifts fails.
import assert from "node:assert/strict";
import { test } from "node:test";
import { exitCodeFor } from "../../../src/cli/exit.js";
import { ERROR_KINDS, type ErrorCode, type ErrorKind } from "../../../src/error-codes.js";
import { TsdaskError } from "../../../src/errors.js";
import { ControlError } from "../../../src/control/index.js";
import { LauncherError } from "../../../src/launcher/errors.js";
import { SpecError } from "../../../src/spec/index.js";

/** docs/bad-input.md: 2 = input (cannot succeed again), 1 = failed; README: 124, 130, 75. */
const DOCUMENTED: Record<ErrorKind, number> = {
  input: 2,
  remote: 1,
  unavailable: 1,
  internal: 1,
  timeout: 124,
  interrupted: 130,
  lost: 75,
};

test("every code's kind maps to its documented exit code", () => {
  const codes = Object.keys(ERROR_KINDS) as ErrorCode[];
  assert.ok(codes.length > 100, `${codes.length} codes`);
  for (const code of codes) {
    const err = new TsdaskError(code, "m");
    assert.equal(err.kind, ERROR_KINDS[code]);
    assert.equal(exitCodeFor(err), DOCUMENTED[err.kind], code);
  }
});

/** The codes behind the rows of docs/bad-input.md and the README's `submit --wait` table. */
const ROWS: [ErrorCode, number][] = [
  ["SPEC_YAML_SYNTAX", 2],
  ["SPEC_UNKNOWN_KEY", 2],
  ["SPEC_FILE", 2],
  ["USAGE", 2],
  ["APP_ID_INVALID", 2],
  ["CONFIG_EXISTS", 2],
  ["HADOOP_CONF_DIR_MISSING", 2],
  ["CA_FILE_UNREADABLE", 2],
  ["KERBEROS_KEYTAB_UNREADABLE", 2],
  ["KERBEROS_NO_TICKET", 1],
  ["ENVIRONMENT_INVALID", 2],
  ["SERVICE_FILE_INVALID", 2],
  ["RESOURCE_ABOVE_MAXIMUM", 2],
  ["QUEUE_UNKNOWN", 2],
  ["HDFS_ACCESS_DENIED", 1],
  ["YARN_NOT_FOUND", 1],
  ["APP_NOT_RUNNING", 1],
  ["CONTROL_SCALE_REFUSED", 2],
  ["RM_UNREACHABLE", 1],
  ["SUBMIT_TIMEOUT", 124],
  ["AM_REGISTRATION_TIMEOUT", 124],
  ["CLUSTER_NOT_READY", 124],
  ["SUBMIT_ABORTED", 130],
  ["CONNECTION_LOST", 75],
];

test("the codes behind documented rows exit as documented", () => {
  for (const [code, exit] of ROWS) assert.equal(exitCodeFor(new TsdaskError(code, "m")), exit, code);
});

test("each error class carries the kind of its code", () => {
  assert.equal(new SpecError("SPEC_RANGE", "worker.count", "bad").kind, "input");
  assert.equal(new LauncherError("RM_RECOVERING", "later").kind, "unavailable");
  assert.equal(new ControlError("CONTROL_UNREACHABLE", "gone").kind, "unavailable");
  assert.equal(new ControlError("CONTROL_SCALE_REFUSED", "no").kind, "input");
  assert.equal(exitCodeFor(new Error("a bug")), 1, "an error that is no TsdaskError exits 1");
});

test("every spec code is an input error: the CLI exits 2 for each", () => {
  for (const code of Object.keys(ERROR_KINDS).filter((c) => c.startsWith("SPEC_")) as ErrorCode[]) {
    assert.equal(ERROR_KINDS[code], "input", code);
  }
});
