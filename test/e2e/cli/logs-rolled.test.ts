// Rolled logs on the real cluster (cluster/src/config.ts sets a 15 s rolling aggregation interval):
// a script service writes ~80 KB/s of numbered lines for ~45 s with 1 MiB parts, 3 kept per stream.
// While it runs: its log dir on the NodeManager never holds more than 3 MiB of stdout, closed parts
// show up in the aggregated logs in HDFS, and `logs` returns the stream whole and in order. A
// `logs --follow` started at submit prints every line once; after the kill, `logs` reads the same
// whole stream from the aggregated logs alone. About 100 s.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { aggregatedFiles } from "../../../src/launcher/index.js";
import { listLogFiles, onNode } from "../../../src/launcher/logs/container-logs.js";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { localCluster } from "../../support/cluster.js";
import { runCli, spawnCli, tempHome } from "./run-cli.js";

const c = localCluster();
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const opts = { confDir: c.confDir, env: { HADOOP_USER_NAME: c.user } };
const cluster = { hadoop: { confDir: c.confDir }, env: { ...process.env, HADOOP_USER_NAME: c.user } };
const LINES = 36_000; // 400 lines of 100 bytes every 0.5 s: 3.6 MB in 45 s
const BOUND = 3 * 1024 * 1024;
let appId = "";
let target = { node: "", containerId: "" };
const follower = { text: "", exited: Promise.resolve<number | null>(null) };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const numbers = (text: string) => [...text.matchAll(/^line (\d{8}) x+$/gm)].map((m) => Number(m[1]));
const whole = (n: readonly number[]) => n.length === LINES && n.every((v, i) => v === i + 1);

before(async () => {
  const dir = tempHome();
  const spec = join(dir, "spec.yaml");
  const pad = "x".repeat(86); // "line NNNNNNNN " + pad + "\n" = 100 bytes
  writeFileSync(
    spec,
    [
      `name: tsdask-e2e-rolled-${process.pid}`,
      "services:",
      "  chatty:",
      "    memory: 256 MiB",
      "    script: |",
      `      i=0; while [ $i -lt ${LINES} ]; do seq -f "line %08.0f ${pad}" $((i+1)) $((i+400)); i=$((i+400)); sleep 0.5; done`,
      "      exec sleep 3600",
      "",
    ].join("\n"),
  );
  const r = await runCli(["submit", "--spec", spec, "--log-part-size", "1 MiB", "--log-parts", "3"], opts);
  assert.equal(r.code, 0, r.stderr);
  appId = r.stdout.trim();
  for (const end = Date.now() + 180_000; ; await sleep(500)) {
    const s = await runCli(["status", appId, "--json"], opts);
    const svc = s.code === 0 ? JSON.parse(s.stdout).am?.services?.find((x: any) => x.name === "chatty") : undefined;
    const running = svc?.containers?.find((x: any) => x.state === "RUNNING");
    if (running) {
      target = { node: running.nodeHttpAddress, containerId: running.containerId };
      break;
    }
    assert.ok(Date.now() < end, `the chatty container is not RUNNING after 180 s: ${s.stdout}${s.stderr}`);
  }
  const f = spawnCli(["logs", appId, "--service", "chatty", "--file", "stdout", "--follow"], opts);
  f.stdout.on("data", (d) => (follower.text += d));
  follower.exited = new Promise((resolve) => f.on("close", resolve));
});

after(async () => {
  const r = await rm.applicationReport(appId).catch(() => undefined);
  if (r && !TERMINAL_STATES.includes(r.state)) await runCli(["kill", appId], opts);
});

test("while it runs: the node holds at most parts × part-size, parts are aggregated, logs is whole", async () => {
  let most = 0;
  let parts = 0;
  let aggregatedWhileRunning = 0;
  for (const end = Date.now() + 150_000; ; await sleep(1000)) {
    const files = await listLogFiles(target, c.user);
    // The NodeManager lists the files it has uploaded too (AGGREGATED): only LOCAL ones are on its disk.
    const stdout = files.filter((f) => f.name.startsWith("stdout") && onNode(f));
    most = Math.max(
      most,
      stdout.reduce((sum, f) => sum + f.size, 0),
    );
    parts = Math.max(parts, ...stdout.map((f) => Number(/part-(\d+)/.exec(f.name)?.[1] ?? 0)));
    const names = (await aggregatedFiles(appId, cluster, true).names()).get(target.containerId) ?? new Set();
    aggregatedWhileRunning = [...names].filter((n) => n.startsWith("stdout.part-")).length;
    if (numbers(follower.text).length >= LINES && aggregatedWhileRunning >= 2) break;
    assert.ok(
      Date.now() < end,
      `after 150 s: ${numbers(follower.text).length} lines followed, ${aggregatedWhileRunning} parts aggregated`,
    );
  }
  assert.ok(most <= BOUND, `stdout on the node peaked at ${most} bytes, over ${BOUND}`);
  assert.ok(parts >= 4, `the stream rolled past the bound (${parts} parts)`);
  assert.equal((await rm.applicationReport(appId)).state, "RUNNING");
  const r = await runCli(["logs", appId, "--service", "chatty", "--file", "stdout"], opts);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(whole(numbers(r.stdout)), `logs while running: ${numbers(r.stdout).length} lines, not 1..${LINES}`);
  assert.doesNotMatch(r.stdout, /left the node/);
  assert.ok(whole(numbers(follower.text)), `follow: ${numbers(follower.text).length} lines, not 1..${LINES} once each`);
});

test("after the end: logs reads the same whole stream from the aggregated logs", async () => {
  assert.equal((await runCli(["kill", appId], opts)).code, 0);
  assert.equal(await Promise.race([follower.exited, sleep(30_000).then(() => "still following")]), 0);
  let r = await runCli(["logs", appId, "--service", "chatty", "--file", "stdout"], opts);
  for (const end = Date.now() + 60_000; r.code !== 0 && /aggregat/.test(r.stderr);) {
    assert.ok(Date.now() < end, `not aggregated after 60 s: ${r.stderr}`);
    await sleep(2000);
    r = await runCli(["logs", appId, "--service", "chatty", "--file", "stdout"], opts);
  }
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^==> chatty_0 container_\S+ stdout <==\nline 00000001 /);
  assert.ok(whole(numbers(r.stdout)), `aggregated: ${numbers(r.stdout).length} lines, not 1..${LINES}`);
});
