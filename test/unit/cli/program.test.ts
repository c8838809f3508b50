// The program shell: version, help on every command, usage errors → exit 2, id validation.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { EXIT, EXIT_CODES_HELP } from "../../../src/cli/exit.js";
import { VERSION } from "../../../src/version.js";
import { cli } from "./helpers.js";

test("--version prints the version and exits 0", async () => {
  const r = await cli(["--version"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), VERSION);
});

const COMMANDS = [
  ["submit"],
  ["list"],
  ["status"],
  ["scale"],
  ["adapt"],
  ["logs"],
  ["shutdown"],
  ["kill"],
  ["config", "show"],
  ["config", "init"],
];

for (const cmd of COMMANDS) {
  test(`${cmd.join(" ")} --help shows usage and examples, exit 0`, async () => {
    const r = await cli([...cmd, "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: tsdask-yarn/);
    assert.match(r.stdout, /Examples:/);
    assert.match(r.stdout, /--json/, "global options are listed on every command");
  });
}

test("top-level help lists every command and the exit codes", async () => {
  const r = await cli(["--help"]);
  assert.equal(r.code, 0);
  for (const c of ["submit", "list", "status", "scale", "adapt", "logs", "shutdown", "kill", "config"]) {
    assert.match(r.stdout, new RegExp(`\\n  ${c}\\b`));
  }
  assert.match(r.stdout, /Exit codes/);
});

test("the top-level help, submit --help and README list the same exit codes; KILLED is not 3", async () => {
  const top = await cli(["--help"]);
  const submit = await cli(["submit", "--help"]);
  const squash = (t: string) => t.replace(/\s+/g, " ");
  assert.ok(squash(top.stdout).includes(squash(EXIT_CODES_HELP)), top.stdout);
  assert.ok(squash(submit.stdout).includes(squash(EXIT_CODES_HELP)), submit.stdout);
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const table = new Set([...readme.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1])));
  for (const code of Object.values(EXIT).filter((c) => c !== EXIT.ok)) {
    assert.ok(table.has(code), `README's submit --wait table lists exit code ${code}`);
  }
  // ... and the help lists every code of README's table, none other than EXIT's.
  for (const code of table) {
    assert.ok(Object.values(EXIT).includes(code as never), `README's exit code ${code} is one of EXIT`);
    assert.match(squash(top.stdout), new RegExp(`\\b${code} `), `the top-level help lists exit code ${code}`);
  }
  assert.equal(table.has(3), false, "3 is a script's own code, not KILLED's");
  assert.match(readme, /^\| 137 \| the application was KILLED/m);
  assert.match(squash(top.stdout), /137 KILLED/);
});

test("usage errors exit 2 with a message on stderr", async () => {
  for (const argv of [["bogus"], ["list", "--bad"], ["status"], ["scale", "application_1_1"], ["kill", "a", "b"]]) {
    const r = await cli(argv);
    assert.equal(r.code, 2, argv.join(" "));
    assert.match(r.stderr, /error:/);
    assert.equal(r.stdout, "");
  }
});

test("malformed application ids exit 2 before any request", async () => {
  // No HADOOP_CONF_DIR and no cluster: the id check must come first.
  for (const cmd of ["status", "kill", "logs", "shutdown"]) {
    for (const id of ["foo", "application_", "application_12", "application_1_x", "container_1_1_1_1"]) {
      const r = await cli([cmd, id]);
      assert.equal(r.code, 2, `${cmd} ${id}`);
      assert.match(r.stderr, /is not a YARN application id/);
      assert.match(r.stderr, /hint: Application ids look like application_/);
    }
  }
  const s = await cli(["scale", "nope", "3"]);
  assert.equal(s.code, 2);
});

test("--json puts a parseable error object on stdout; --debug adds the stack", async () => {
  const r = await cli(["status", "bad-id", "--json"]);
  assert.equal(r.code, 2);
  const body = JSON.parse(r.stdout);
  assert.equal(body.error.code, "APP_ID_INVALID");
  assert.equal(body.error.kind, "input");
  assert.match(body.error.hint, /application_/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const d = await cli(["--debug", "status", "bad-id"]);
  assert.match(d.stderr, /\n\s+at /);
});

test("bad scale counts and final statuses are usage errors", async () => {
  for (const n of ["-1", "3.5", "x", "1e3"]) {
    const r = await cli(["scale", "application_1_1", n]);
    assert.equal(r.code, 2, n);
  }
  const r = await cli(["shutdown", "application_1_1", "--status", "DONE"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown final status 'DONE'/);
});

test("adapt checks its limits before it looks for the application: exit 2, no request", async () => {
  const r = await cli(["adapt", "application_1_1", "--minimum", "2", "--maximum", "x"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /instance count must be a whole number ≥ 0, got 'x'/);
  const big = await cli(["adapt", "application_1_1", "--maximum", "100001"]);
  assert.equal(big.code, 2);
  assert.match(big.stderr, /--maximum 100001 is above the limit of 100000/);
});
