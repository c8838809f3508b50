// `logs --follow` against the real cluster: a generic service prints a numbered line every 0.5 s;
// the follower must print lines that were written after it started (not only what was there),
// stop with exit 0 on Ctrl-C, and end by itself, exit 0, when the application is killed; afterwards
// `logs` (no --follow) reads the same lines from the aggregated logs. No dask
// environment is needed, so the whole file takes about 15 s.
import assert from "node:assert/strict";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { localCluster } from "../../support/cluster.js";
import { runCli, spawnCli, tempHome } from "./run-cli.js";

const c = localCluster();
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const opts = { confDir: c.confDir, env: { HADOOP_USER_NAME: c.user } };
let appId = "";

before(async () => {
  const dir = tempHome();
  const spec = join(dir, "spec.yaml");
  writeFileSync(
    spec,
    [
      `name: tsdask-e2e-follow-${process.pid}`,
      "services:",
      "  ticker:",
      "    memory: 256 MiB",
      "    script: |",
      '      i=0; while [ $i -lt 600 ]; do i=$((i+1)); echo "tick $i"; sleep 0.5; done',
      "",
    ].join("\n"),
  );
  const r = await runCli(["submit", "--spec", spec], opts);
  assert.equal(r.code, 0, r.stderr);
  appId = r.stdout.trim();
  // submit returns once the AM registered; the ticker's container may wait for cluster room (other
  // suites' applications may still be ending), which is not what the follow tests measure.
  for (const end = Date.now() + 180_000; ; await new Promise((res) => setTimeout(res, 500))) {
    const s = await runCli(["status", appId, "--json"], opts);
    const ticker = s.code === 0 ? JSON.parse(s.stdout).am?.services?.find((x: any) => x.name === "ticker") : undefined;
    if (ticker?.counts?.RUNNING === 1) break;
    assert.ok(Date.now() < end, `the ticker container is not RUNNING after 180 s: ${s.stdout}${s.stderr}`);
  }
});

after(async () => {
  const r = await rm.applicationReport(appId).catch(() => undefined);
  if (r && !TERMINAL_STATES.includes(r.state)) await runCli(["kill", appId], opts);
});

/** A running follower and everything it printed so far. */
function follow(args: string[]) {
  const child = spawnCli(["logs", appId, ...args, "--follow"], opts);
  const seen = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (seen.stdout += d));
  child.stderr.on("data", (d) => (seen.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, seen, exited };
}

const ticks = (text: string) => [...text.matchAll(/^tick (\d+)$/gm)].map((m) => Number(m[1]));

/** Waits for `ok`; the failure says what the follower printed on stderr (its reason to stop). */
async function until(what: string, ok: () => boolean, ms: number, f: ReturnType<typeof follow>): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > end || f.child.exitCode !== null)
      throw new Error(`timed out waiting for ${what} (follower exit ${f.child.exitCode}, stderr: ${f.seen.stderr})`);
  }
}

const stop = (child: ChildProcessWithoutNullStreams) => child.kill("SIGKILL");

test("logs --follow prints new lines as the container writes them; Ctrl-C ends it with 0", async () => {
  const f = follow(["--service", "ticker", "--file", "stdout"]);
  try {
    await until("the first lines", () => ticks(f.seen.stdout).length > 0, 30_000, f);
    const first = Math.max(...ticks(f.seen.stdout));
    await new Promise((r) => setTimeout(r, 3000));
    const all = ticks(f.seen.stdout);
    // About 6 lines in 3 s; at least 3 allows for a slow poll at either end.
    assert.ok(Math.max(...all) >= first + 3, `new lines after tick ${first}: ${all.slice(-8).join(" ")}`);
    // Only the new bytes are printed: each line once, in order, none skipped.
    assert.deepEqual(
      all,
      all.map((_, i) => all[0]! + i),
      "consecutive ticks, no repeats",
    );
    assert.equal(all[0], 1, "starts with what the file held already");
    assert.doesNotMatch(f.seen.stdout, /LogType:|End of LogType/, "the NodeManager's wrapper is not printed");
    f.child.kill("SIGINT");
    assert.equal(await f.exited, 0, f.seen.stderr);
    assert.match(f.seen.stderr, /stopped following/);
  } finally {
    stop(f.child);
  }
});

test("logs --follow ends by itself, exit 0, when the application ends", async () => {
  // Without --service the AM's container is followed too: lines carry "[INSTANCE FILE] ".
  const f = follow([]);
  try {
    await until("prefixed lines", () => /^\[ticker_0 stdout\] tick \d+$/m.test(f.seen.stdout), 30_000, f);
    const k = await runCli(["kill", appId], opts);
    assert.equal(k.code, 0, k.stderr);
    const code = await Promise.race([f.exited, new Promise((r) => setTimeout(() => r("still running"), 20_000))]);
    assert.equal(code, 0, f.seen.stderr);
    assert.match(f.seen.stderr, /ended \(KILLED/);
  } finally {
    stop(f.child);
  }
});

test("logs of an ended application: the ticker's lines, from YARN's aggregated logs through WebHDFS", async () => {
  let r = await runCli(["logs", appId, "--service", "ticker"], opts);
  // Aggregation ends a few seconds after the application: LOGS_NOT_AGGREGATED* until then.
  for (const end = Date.now() + 60_000; r.code !== 0 && /aggregat/.test(r.stderr);) {
    assert.ok(Date.now() < end, `not aggregated after 60 s: ${r.stderr}`);
    await new Promise((res) => setTimeout(res, 2000));
    r = await runCli(["logs", appId, "--service", "ticker"], opts);
  }
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^==> ticker_0 container_\S+ stdout <==\ntick 1\ntick 2\n/m);
  assert.doesNotMatch(r.stdout, /launch_container\.sh/);
});
