// Which log files `logs` prints by default.
import assert from "node:assert/strict";
import { test } from "node:test";
import { chosenFile } from "../../../src/cli/logs-files.js";

test("logs shows the services' own files unless --all-files or --file", () => {
  const names = [
    "stdout",
    "stderr",
    "appmaster.stdout",
    "launch_container.sh",
    "directory.info",
    "prelaunch.out",
    "prelaunch.err",
  ];
  assert.deepEqual(names.filter(chosenFile({})), ["stdout", "stderr", "appmaster.stdout"]);
  assert.deepEqual(names.filter(chosenFile({ allFiles: true })), names);
  assert.deepEqual(names.filter(chosenFile({ file: "directory.info" })), ["directory.info"]);
});
