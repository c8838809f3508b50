// The AM on the real local cluster with generic shell services: instances run and their effects are
// visible, scale 3→5→1 through the control API, shutdown → FINISHED/SUCCEEDED and the staging dir
// gone; kill -9 of a container's process → restarted, restart counted; a restarts:0 service that
// fails ends the application FAILED with a diagnostic naming the service and the reason.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { waitForFinish } from "../../../src/launcher/index.js";
import { cluster, counts, hdfs, killLeftovers, sharedDir, submitServices, until } from "./support.js";

const dirs: string[] = [];
after(async () => {
  await killLeftovers();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Each instance appends "<instance> <container> <pid>" to <dir>/<instance>, then sleeps. */
function sleeper(dir: string): string {
  return `echo "$TSDASK_INSTANCE $CONTAINER_ID $$" >> ${dir}/$TSDASK_INSTANCE; exec sleep 600`;
}

const waitOpts = { timeoutMs: 120_000, env: { ...process.env, HADOOP_CONF_DIR: cluster.confDir } };

test(
  "generic service: 3 instances run, scale 3→5→1, kill -9 is restarted, shutdown SUCCEEDED",
  { timeout: 400_000 },
  async () => {
    const out = sharedDir("tsdask-am-it-");
    dirs.push(out);
    const app = await submitServices("generic", [
      "web:",
      "  instances: 3",
      "  memory: 128 MiB",
      "  restarts: 2",
      `  script: '${sleeper(out)}'`,
    ]);
    let s = await until(app, "3 running", (x) => counts(x, "web").RUNNING === 3);
    const lines = () =>
      Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), "utf8").trim().split("\n")]));
    await until(app, "3 files", () => readdirSync(out).length === 3, 30_000);
    assert.deepEqual(Object.keys(lines()).sort(), ["web_0", "web_1", "web_2"]);
    const web = s.services.find((x) => x.name === "web")!;
    for (const c of web.containers) {
      assert.ok(c.containerId && c.host && c.logUrl, JSON.stringify(c));
      assert.equal(lines()[c.instanceId]![0]!.split(" ")[1], c.containerId, "the file names its own container");
    }

    await app.client.scale("web", 5);
    s = await until(app, "5 running", (x) => counts(x, "web").RUNNING === 5);
    await until(app, "5 files", () => readdirSync(out).length === 5, 30_000);
    assert.deepEqual(Object.keys(lines()).sort(), ["web_0", "web_1", "web_2", "web_3", "web_4"]);

    await app.client.scale("web", 1);
    s = await until(app, "1 running, 4 killed", (x) => counts(x, "web").RUNNING === 1 && counts(x, "web").KILLED === 4);
    const left = s.services.find((x) => x.name === "web")!;
    assert.equal(left.desiredInstances, 1);
    assert.deepEqual(
      left.containers.filter((c) => c.state === "RUNNING").map((c) => c.instanceId),
      ["web_0"],
      "the highest instances are stopped",
    );

    // kill -9 of the running instance's process: YARN reports exit 137, the AM restarts web_0.
    const [, firstContainer, pid] = lines().web_0!.at(-1)!.split(" ");
    process.kill(Number(pid), "SIGKILL");
    s = await until(app, "web_0 restarted", (x) => {
      const w = x.services.find((y) => y.name === "web")!;
      return (
        w.restartsUsed === 1 && w.containers.some((c) => c.state === "RUNNING" && c.containerId !== firstContainer)
      );
    });
    const w = s.services.find((x) => x.name === "web")!;
    const failed = w.containers.find((c) => c.containerId === firstContainer)!;
    assert.equal(failed.state, "FAILED");
    assert.equal(failed.exitStatus, 137);
    assert.match(failed.diagnostics ?? "", /SIGKILL/);
    assert.equal(w.containers.find((c) => c.state === "RUNNING")!.instanceId, "web_0", "same instance id");
    await until(app, "web_0 wrote again", () => lines().web_0!.length === 2, 30_000);

    const stagingBefore = await hdfs.statIfExists(app.stagingDir);
    assert.ok(stagingBefore, "staging dir exists while running");
    await app.client.shutdown("SUCCEEDED", "done by the test");
    const end = await waitForFinish(app.appId, waitOpts);
    assert.equal(end.state, "FINISHED");
    assert.equal(end.finalStatus, "SUCCEEDED");
    assert.match(end.diagnostics ?? "", /done by the test/);
    assert.equal(await hdfs.statIfExists(app.stagingDir), undefined, "staging dir deleted");
    assert.ok(existsSync(out));
  },
);

test(
  "a restarts:0 service that fails ends the application FAILED, naming the service and the reason",
  { timeout: 300_000 },
  async () => {
    const app = await submitServices("fail", [
      "steady:",
      "  memory: 128 MiB",
      "  script: exec sleep 600",
      "broken:",
      "  memory: 128 MiB",
      "  restarts: 0",
      "  script: 'sleep 1; exit 3'",
    ]);
    const end = await waitForFinish(app.appId, waitOpts);
    assert.equal(end.state, "FINISHED");
    assert.equal(end.finalStatus, "FAILED");
    assert.match(end.diagnostics ?? "", /service 'broken' failed: broken_0 exited with code 3.*restarts used: 0 of 0/);
    assert.equal(await hdfs.statIfExists(app.stagingDir), undefined, "staging dir deleted");
  },
);
