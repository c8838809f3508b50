// The CLI's argument parsing under random command lines: every run ends with a documented exit
// code (0 ok, 1 failed, 2 usage/configuration) and a message, never an exception or a stack trace.
// No cluster: HADOOP_CONF_DIR points nowhere, so a command that gets past parsing stops at the
// configuration (and --conf-dir is never generated).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { cli, tempDir } from "./helpers.js";

const COMMANDS = [
  "submit",
  "list",
  "status",
  "scale",
  "logs",
  "shutdown",
  "kill",
  "credentials",
  "config",
  "config show",
  "config init",
  "help",
  "bogus",
];
const FLAGS = [
  "--json",
  "--debug",
  "--wait",
  "--no-tls",
  "--tls",
  "--spec",
  "--dir",
  "--worker-count",
  "--worker-memory",
  "--worker-env",
  "--adaptive",
  "--idle-timeout",
  "--timeout",
  "--status",
  "--diagnostics",
  "--service",
  "--follow",
  "--name",
  "--queue",
  "--max-attempts",
  "--environment",
  "-V",
  "--help",
  "-h",
  "--",
  "-x",
];
const word = fc.oneof(
  fc.constantFrom(...FLAGS),
  fc.constantFrom(
    "application_1700000000000_0001",
    "application_x",
    "0",
    "-1",
    "1e9",
    "2:1",
    "4 GiB",
    "K=V",
    "=",
    "",
    "dask.worker",
  ),
  fc.string({ maxLength: 30 }),
);

test("random command lines: exit 0, 1 or 2 with a message, never a crash", { timeout: 120_000 }, async () => {
  const home = tempDir("tsdask-fuzz-home-");
  const env = { HADOOP_CONF_DIR: "/nonexistent-tsdask-fuzz" };
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...COMMANDS), fc.array(word, { maxLength: 8 }), async (command, rest) => {
      const argv = [...command.split(" "), ...rest].filter((w) => w !== "--conf-dir");
      const r = await cli(argv, { env, home });
      assert.ok([0, 1, 2].includes(r.code), `${JSON.stringify(argv)} → exit ${r.code}`);
      if (r.code !== 0) assert.ok(r.stderr.trim().length > 0, `${JSON.stringify(argv)}: failed without a message`);
      if (!argv.includes("--debug"))
        assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+\)?\n/, `${JSON.stringify(argv)}: stack trace`);
    }),
    { numRuns: 300 },
  );
});
