// No silent localhost (issue 18, item 5): with neither HADOOP_CONF_DIR nor --conf-dir nor
// explicit addresses, every cluster command fails at once with exit 2 and a hint, while the
// shared cluster runs on Hadoop's default ports (where the localhost defaults would have landed).
// "Nothing sent to that cluster" is proven per process: a preload records every connect attempt
// the CLI makes, and the same preload sees the connections of a run that has the conf dir.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { localCluster, ROOT } from "../../support/cluster.js";
import { daskEnvArchive } from "./bad-input-run.js";
import { runCli } from "./run-cli.js";

const c = localCluster();
const PRELOAD = join(ROOT, "test", "fixtures", "net", "record-connects.mjs");
const APP = "application_1_1";

/** Runs the CLI with no Hadoop configuration at all; returns its result and the connects it tried. */
async function runWithoutConf(args: string[], confDir?: string) {
  const log = join(mkdtempSync(join(tmpdir(), "tsdask-noconf-")), "connects");
  const env = {
    HADOOP_CONF_DIR: confDir ?? "",
    HADOOP_HOME: "",
    NODE_OPTIONS: `--import ${PRELOAD}`,
    TSDASK_TEST_CONNECT_LOG: log,
  };
  const r = await runCli(args, { env, timeoutMs: 60_000 });
  const connects = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
  return { ...r, connects };
}

test("the cluster this test relies on answers on Hadoop's default ports, and the preload sees connections", async () => {
  // Where Hadoop's defaults point: a cluster is there, so a silent fallback would reach it.
  assert.equal(c.rmWeb, "http://127.0.0.1:8088", "the shared cluster must run without a port offset");
  const info = await fetch("http://127.0.0.1:8088/ws/v1/cluster/info", { signal: AbortSignal.timeout(10_000) });
  assert.equal(info.status, 200);
  const withConf = await runWithoutConf(["list"], c.confDir);
  assert.equal(withConf.code, 0, withConf.stderr);
  assert.ok(withConf.connects.length > 0, "the preload must record the connections of a normal run");
});

const COMMANDS: readonly (readonly string[])[] = [
  ["list"],
  ["list", "--all"],
  ["status", APP],
  ["scale", APP, "2"],
  ["adapt", APP, "--minimum", "1", "--maximum", "2"],
  ["shutdown", APP],
  ["kill", APP],
  ["logs", APP],
  ["credentials", APP, "--dir", "creds"],
  ["cache", "ls"],
  ["cache", "clean"],
];

test("every cluster command without a Hadoop configuration: exit 2, the hint, no connection", async () => {
  const env = daskEnvArchive();
  for (const args of [...COMMANDS, ["submit", "--environment", env]]) {
    const t0 = Date.now();
    const r = await runWithoutConf([...args]);
    const what = `${args.join(" ")}\n${r.stderr}`;
    assert.equal(r.code, 2, what);
    assert.match(r.stderr, /^error: no Hadoop configuration: HADOOP_CONF_DIR is not set/m, what);
    assert.match(r.stderr, /^hint: .*HADOOP_CONF_DIR.*--conf-dir.*--local/m, what);
    assert.deepEqual(r.connects, [], `${what}\nconnected to: ${r.connects.join(", ")}`);
    assert.ok(Date.now() - t0 < 15_000, `${args.join(" ")} took ${Date.now() - t0} ms: it must fail at once`);
  }
});

test("--json gives the error's own code", async () => {
  const r = await runWithoutConf(["--json", "list"]);
  assert.equal(r.code, 2);
  assert.equal(JSON.parse(r.stdout.trim() || r.stderr.trim()).error.code, "HADOOP_CONF_NOT_SET");
  assert.deepEqual(r.connects, []);
});
