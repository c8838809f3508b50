// Tables for people, tab-separated lines for pipes, and the small formatters.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDuration, formatValue, renderTable } from "../../../src/cli/output.js";
import { statusRow, STATUS_HEADER } from "../../../src/cli/status.js";
import { listRows } from "../../../src/cli/list.js";
import type { ApplicationReport } from "../../../src/yarn-rest/index.js";

test("a terminal gets aligned columns, a pipe gets tab-separated lines", () => {
  const rows = [
    ["application_1_1", "a", "RUNNING"],
    ["application_1_10", "longer name", "FINISHED"],
  ];
  assert.equal(
    renderTable(["ID", "NAME", "STATE"], rows, true),
    "ID                NAME         STATE\napplication_1_1   a            RUNNING\napplication_1_10  longer name  FINISHED\n",
  );
  assert.equal(
    renderTable(["ID", "NAME", "STATE"], rows, false),
    "ID\tNAME\tSTATE\napplication_1_1\ta\tRUNNING\napplication_1_10\tlonger name\tFINISHED\n",
  );
  // A tab or newline inside a cell would break both forms.
  assert.equal(renderTable(["A", "B"], [["x\ty", "1\n2"]], false), "A\tB\nx y\t1 2\n");
});

test("durations are compact", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(59_999), "59s");
  assert.equal(formatDuration(75_000), "1m15s");
  assert.equal(formatDuration(3 * 3600_000 + 60_000), "3h01m");
  assert.equal(formatDuration(26 * 3600_000), "1d02h");
  assert.equal(formatDuration(-5), "0s");
});

test("config values print as written", () => {
  assert.equal(formatValue("2 GiB"), "2 GiB");
  assert.equal(formatValue(null), "null");
  assert.equal(formatValue(3), "3");
  assert.equal(formatValue(["a", "b"]), '["a","b"]');
  assert.equal(formatValue({ K: "V" }), '{"K":"V"}');
});

const REPORT: ApplicationReport = {
  id: "application_1700000000000_0007",
  name: "dask",
  user: "alice",
  queue: "root.default",
  state: "RUNNING",
  finalStatus: "UNDEFINED",
  progress: 0,
  applicationType: "tsdask-yarn",
  tags: [],
  diagnostics: "",
  startedTime: 1_700_000_000_000,
  finishedTime: 0,
  allocatedMb: 5120,
  allocatedVcores: 3,
  runningContainers: 3,
};

test("status row: dask-yarn's columns from the RM report", () => {
  assert.deepEqual(STATUS_HEADER, [
    "APPLICATION_ID",
    "NAME",
    "STATE",
    "STATUS",
    "CONTAINERS",
    "VCORES",
    "MEMORY",
    "RUNTIME",
  ]);
  assert.deepEqual(statusRow(REPORT, 1_700_000_075_000), [
    "application_1700000000000_0007",
    "dask",
    "RUNNING",
    "UNDEFINED",
    "3",
    "3",
    "5 GiB",
    "1m15s",
  ]);
  // Finished: runtime up to the finish, the RM's -1 resources shown as 0.
  const done = {
    ...REPORT,
    state: "FINISHED" as const,
    finishedTime: 1_700_000_010_000,
    allocatedMb: -1,
    allocatedVcores: -1,
    runningContainers: -1,
  };
  assert.deepEqual(statusRow(done, 1_800_000_000_000).slice(4), ["0", "0", "0 MiB", "10s"]);
});

test("list rows: APPLICATION_ID NAME STATE STATUS QUEUE USER START", () => {
  const [row] = listRows([REPORT]);
  assert.deepEqual(row!.slice(0, 6), [
    "application_1700000000000_0007",
    "dask",
    "RUNNING",
    "UNDEFINED",
    "root.default",
    "alice",
  ]);
  assert.match(row![6]!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal(listRows([{ ...REPORT, startedTime: 0 }])[0]![6], "-");
});
