// config show (sources and precedence) and config init (skeleton, no silent overwrite), in-process.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { SKELETON_YAML } from "../../../src/spec/index.js";
import { cli, tempDir } from "./helpers.js";

function sourceOf(stdout: string, key: string): { value: unknown; from: string } {
  const e = JSON.parse(stdout).entries.find((x: { key: string }) => x.key === key);
  assert.ok(e, `no entry ${key}`);
  return { value: e.value, from: e.from };
}

test("config show: every layer names itself; later layers win", async () => {
  const home = tempDir();
  mkdirSync(join(home, ".config", "tsdask-yarn"), { recursive: true });
  const userCfg = join(home, ".config", "tsdask-yarn", "config.yaml");
  writeFileSync(userCfg, "queue: from-config\nworker:\n  memory: 3 GiB\n  count: 1\n");
  const spec = join(home, "spec.yaml");
  writeFileSync(spec, "name: from-spec\nworker:\n  count: 2\n");
  const env = { TSDASK_YARN_WORKER_MEMORY: "5 GiB", TSDASK_YARN_NAME: "from-env", TSDASK_YARN_PRIORITY: "3" };
  const r = await cli(["config", "show", "--json", "--spec", spec, "--worker-count", "4"], { home, env });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(sourceOf(r.stdout, "queue"), { value: "from-config", from: `${userCfg}:1:8` });
  assert.deepEqual(sourceOf(r.stdout, "worker.memory"), { value: "5 GiB", from: "env TSDASK_YARN_WORKER_MEMORY" });
  assert.equal(sourceOf(r.stdout, "name").value, "from-spec");
  assert.match(sourceOf(r.stdout, "name").from, /spec\.yaml:1:7$/);
  assert.equal(sourceOf(r.stdout, "priority").from, "env TSDASK_YARN_PRIORITY");
  assert.deepEqual(sourceOf(r.stdout, "worker.count"), { value: "4", from: "flag --worker-count" });
  assert.match(sourceOf(r.stdout, "worker.vcores").from, /^default \(skeleton\.yaml:\d+:\d+\)$/);
  assert.deepEqual(JSON.parse(r.stdout).files, [userCfg, spec]);
});

test("config show as a table: KEY VALUE SOURCE", async () => {
  const r = await cli(["config", "show", "--worker-env", "A=1", "--worker-env", "B=2"], { tty: true });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.match(lines[0]!, /^KEY\s+VALUE\s+SOURCE$/);
  assert.ok(
    lines.some((l) => /^worker\.env\.A\s+1\s+flag --worker-env$/.test(l)),
    r.stdout,
  );
});

test("config show: a bad value is a spec error (exit 2) naming the key and the layer", async () => {
  const r = await cli(["config", "show", "--worker-count", "-3"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /worker\.count/);
  assert.match(r.stderr, /--worker-count/);
  const e = await cli(["config", "show"], { env: { TSDASK_YARN_WORKER_VCORES: "many" } });
  assert.equal(e.code, 2);
  assert.match(e.stderr, /TSDASK_YARN_WORKER_VCORES/);
  const y = tempDir();
  writeFileSync(join(y, "bad.yaml"), "worker:\n  count: [1\n");
  const f = await cli(["config", "show", "--spec", join(y, "bad.yaml")]);
  assert.equal(f.code, 2);
  assert.match(f.stderr, /bad\.yaml:\d+:\d+/);
});

test("config show warns about unknown TSDASK_YARN_* variables", async () => {
  const r = await cli(["config", "show"], { env: { TSDASK_YARN_WORKER_MEMROY: "1 GiB" } });
  assert.equal(r.code, 0);
  assert.match(
    r.stderr,
    /warning: ignoring unknown variable TSDASK_YARN_WORKER_MEMROY \(did you mean TSDASK_YARN_WORKER_MEMORY\?\)/,
  );
});

test("config init writes the skeleton to the user config path and refuses to overwrite", async () => {
  const home = tempDir();
  const path = join(home, ".config", "tsdask-yarn", "config.yaml");
  const r = await cli(["config", "init"], { home });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), path);
  assert.equal(readFileSync(path, "utf8"), SKELETON_YAML);
  writeFileSync(path, "queue: mine\n");
  const again = await cli(["config", "init"], { home });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists/);
  assert.match(again.stderr, /--force/);
  assert.equal(readFileSync(path, "utf8"), "queue: mine\n");
  const forced = await cli(["config", "init", "--force", "--json"], { home });
  assert.equal(forced.code, 0);
  assert.deepEqual(JSON.parse(forced.stdout), { path, replaced: true });
  assert.equal(readFileSync(path, "utf8"), SKELETON_YAML);
});

test("config init honours TSDASK_YARN_CONFIG, and the written file loads cleanly", async () => {
  const dir = tempDir();
  const path = join(dir, "team", "cfg.yaml");
  const r = await cli(["config", "init"], { env: { TSDASK_YARN_CONFIG: path } });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(path));
  const show = await cli(["config", "show", "--json"], { env: { TSDASK_YARN_CONFIG: path } });
  assert.equal(show.code, 0, show.stderr);
  assert.match(sourceOf(show.stdout, "queue").from, /cfg\.yaml:\d+:\d+$/);
});

test("submit without an environment is a spec error before anything reaches a cluster", async () => {
  const r = await cli(["submit", "--worker-count", "1"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /environment/);
  assert.equal(r.stdout, "");
});

test("config show: the global flags are the flag layer, named as such", async () => {
  const home = tempDir();
  const confDir = tempDir("tsdask-conf-");
  const r = await cli(
    ["config", "show", "--json", "--conf-dir", confDir, "--principal", "alice@EXAMPLE.COM", "--ca-file", "/ca.pem"],
    { home, env: { TSDASK_YARN_PRINCIPAL: "bob@EXAMPLE.COM" } },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(sourceOf(r.stdout, "hadoop.conf-dir"), { value: confDir, from: "flag --conf-dir" });
  assert.deepEqual(sourceOf(r.stdout, "principal"), { value: "alice@EXAMPLE.COM", from: "flag --principal" });
  assert.deepEqual(sourceOf(r.stdout, "ca-file"), { value: "/ca.pem", from: "flag --ca-file" });
  assert.match(sourceOf(r.stdout, "keytab").from, /^default \(skeleton\.yaml:\d+:\d+\)$/);
});
