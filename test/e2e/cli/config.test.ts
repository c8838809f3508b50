// `config show` / `config init` through the built CLI: sources named for every layer, with a temp
// HOME, a temp config file and TSDASK_YARN_* variables; precedence flags > --spec > env > file > defaults.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { localCluster } from "../../support/cluster.js";
import { runCli, tempHome } from "./run-cli.js";

const confDir = localCluster().confDir;

interface Entry {
  key: string;
  value: unknown;
  from: string;
}

test("config show names the source of every value and applies the precedence", async () => {
  const home = tempHome();
  const cfgDir = join(home, ".config", "tsdask-yarn");
  mkdirSync(cfgDir, { recursive: true });
  const cfg = join(cfgDir, "config.yaml");
  writeFileSync(cfg, "queue: q-file\nname: n-file\npriority: 1\nworker:\n  memory: 1 GiB\n  vcores: 2\n");
  const spec = join(home, "spec.yaml");
  writeFileSync(spec, "name: n-spec\npriority: 2\n");
  const r = await runCli(["--json", "config", "show", "--spec", spec, "--priority", "3"], {
    confDir,
    home,
    env: { TSDASK_YARN_WORKER_MEMORY: "3 GiB", TSDASK_YARN_NAME: "n-env" },
  });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { entries: Entry[]; files: string[] };
  const get = (k: string) => out.entries.find((e) => e.key === k)!;
  assert.deepEqual(out.files, [cfg, spec]);
  assert.deepEqual([get("queue").value, get("queue").from], ["q-file", `${cfg}:1:8`]);
  assert.deepEqual([get("worker.vcores").value, get("worker.vcores").from], [2, `${cfg}:6:11`]);
  assert.deepEqual([get("worker.memory").value, get("worker.memory").from], ["3 GiB", "env TSDASK_YARN_WORKER_MEMORY"]);
  assert.deepEqual([get("name").value, get("name").from], ["n-spec", `${spec}:1:7`]);
  assert.deepEqual([get("priority").value, get("priority").from], ["3", "flag --priority"]);
  assert.match(get("scheduler.memory").from, /^default \(skeleton\.yaml:\d+:\d+\)$/);
});

test("config show without --json: KEY VALUE SOURCE lines; TSDASK_YARN_CONFIG picks the file", async () => {
  const home = tempHome();
  const cfg = join(home, "team.yaml");
  writeFileSync(cfg, "queue: team\n");
  const r = await runCli(["config", "show"], { confDir, home, env: { TSDASK_YARN_CONFIG: cfg } });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines[0], "KEY\tVALUE\tSOURCE");
  assert.ok(lines.includes(`queue\tteam\t${cfg}:1:8`), r.stdout);
  // A missing file named explicitly is an error, not silently ignored.
  const missing = await runCli(["config", "show"], {
    confDir,
    home,
    env: { TSDASK_YARN_CONFIG: join(home, "nope.yaml") },
  });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read config file .*nope\.yaml: no such file/);
});

test("config init writes the skeleton once; --force replaces it", async () => {
  const home = tempHome();
  const first = await runCli(["config", "init"], { confDir, home });
  assert.equal(first.code, 0, first.stderr);
  const path = first.stdout.trim();
  assert.equal(path, join(home, ".config", "tsdask-yarn", "config.yaml"));
  assert.match(readFileSync(path, "utf8"), /^# tsdask-yarn configuration/);
  const second = await runCli(["config", "init"], { confDir, home });
  assert.equal(second.code, 2);
  assert.match(second.stderr, /already exists/);
  const forced = await runCli(["config", "init", "--force"], { confDir, home });
  assert.equal(forced.code, 0);
});
