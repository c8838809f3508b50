// Faults and load on a throw-away two-NodeManager cluster (fault-cluster.ts: one start for the
// whole file): a NodeManager kill -9 under a computing dask client, an RM restart and an AM kill -9
// during a scale, scale refusals (a singleton, 100,000 workers), memory hogs killed by the NM, and
// 8 concurrent submits. docs/reliability.md reports what these show and their recovery times.
import { containerPids, fault, nodeManagerOf, stopFaultCluster } from "./fault-cluster.js";
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { connect, submit, waitForFinish, type RunningApplication } from "../../../src/launcher/index.js";
import type { StatusReport } from "../../../src/control/index.js";
import { specFromYaml } from "../../../src/spec/index.js";
import { ROOT } from "../../support/cluster.js";
import { runPython } from "../../support/dask-python.js";
import { bundles, cluster, hdfs, killLeftovers, trackApps, until } from "../../integration/appmaster/support.js";
import { daskEnvironment, rmApp } from "../../integration/appmaster/dask-support.js";
import { runCli } from "../cli/run-cli.js";

after(async () => {
  await killLeftovers();
  stopFaultCluster();
});

async function submitYaml(name: string, lines: string[], dask = false): Promise<RunningApplication> {
  const yaml = [
    `name: tsdask-faults-${name}`,
    `hadoop: {conf-dir: ${cluster.confDir}}`,
    "tags: [tsdask-faults]",
    "max-attempts: 2",
    "master: {memory: 256 MiB}",
    ...(dask ? [`environment: ${daskEnvironment()}`] : ["dask: false"]),
    ...lines,
  ].join("\n");
  const spec = specFromYaml(yaml, { cwd: ROOT, allowMissingEnvironment: !dask });
  return submit(spec, { runtime: { distDir: await bundles() }, onEvent: trackApps });
}

const svc = (s: StatusReport, name: string) => s.services.find((x) => x.name === name)!;
const running = (s: StatusReport, name: string) => svc(s, name).counts.RUNNING;
const cli = (args: string[]) => runCli(args, { confDir: cluster.confDir });
const seconds = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);

test("scale refusals on a dask app: the scheduler (exit 2), 100,000 workers with the numbers; the AM stays responsive", async () => {
  const app = await submitYaml(
    "refusals",
    ["scheduler: {memory: 512 MiB}", "worker: {count: 1, memory: 512 MiB}"],
    true,
  );
  await until(app, "1 worker running", (s) => running(s, "dask.worker") === 1, 180_000);
  const sched = await cli(["scale", app.appId, "2", "--service", "dask.scheduler"]);
  assert.equal(sched.code, 2, sched.stderr);
  assert.match(sched.stderr, /error: .*service 'dask.scheduler' is the dask.scheduler service .*cannot be scaled to 2/);
  const huge = await cli(["scale", app.appId, "100000"]);
  assert.equal(huge.code, 2, huge.stderr);
  assert.match(
    huge.stderr,
    /100000 × 512 MiB of 'dask.worker' is more than queue 'default' can ever give: .* at most \d+ instances/,
  );
  const t0 = Date.now();
  const s = await app.client.status();
  console.log(`status after the refusals answered in ${Date.now() - t0} ms`);
  assert.equal(svc(s, "dask.worker").desiredInstances, 1, "nothing changed");
  assert.equal(running(s, "dask.scheduler"), 1);
  await app.client.shutdown("SUCCEEDED", "test done");
});

test("a memory hog in a generic service is killed by the NodeManager and named in the final diagnostics", async () => {
  const hog = `python3 -c "import time; b = bytearray(1 << 30); b[::4096] = b'x' * (len(b) // 4096); time.sleep(120)"`;
  const app = await submitYaml("hog", [
    "services:",
    "  hog:",
    "    memory: 256 MiB",
    "    restarts: 1",
    "    script: |",
    `      ${hog}`,
  ]);
  const report = await waitForFinish(app.appId, { hadoop: { confDir: cluster.confDir }, timeoutMs: 240_000 });
  const rm = await rmApp(app.appId);
  console.log(`hog app: ${report.finalStatus}: ${rm.diagnostics}`);
  assert.equal(rm.finalStatus, "FAILED");
  assert.match(rm.diagnostics, /physical memory limit \(256 MiB\) exceeded/);
  assert.match(rm.diagnostics, /2 hog containers were killed for exceeding 256 MiB/);
});

test("AM kill -9 right after an acknowledged scale: attempt 2 keeps the new count", async () => {
  const app = await submitYaml("am-kill", ["services:", "  w: {memory: 128 MiB, script: sleep 600}"]);
  await until(app, "w_0 running", (s) => running(s, "w") === 1);
  await app.client.scale("w", 3);
  const attempts = await (await fetch(`${cluster.rmWeb}/ws/v1/cluster/apps/${app.appId}/appattempts`)).json();
  const amContainer = (attempts as any).appAttempts.appAttempt[0].containerId as string;
  const t0 = Date.now();
  for (const pid of containerPids(amContainer)) process.kill(pid, "SIGKILL");
  let s: StatusReport | undefined;
  for (let i = 0; i < 240 && !(s && s.application.attempt === 2 && running(s, "w") === 3); i++) {
    await new Promise((r) => setTimeout(r, 1000));
    s = await connect(app.appId, { hadoop: { confDir: cluster.confDir } })
      .then((a) => a.client.status())
      .catch(() => undefined);
  }
  console.log(`AM kill -9: attempt 2 with 3 w running after ${seconds(t0)} s`);
  assert.equal(s?.application.attempt, 2);
  assert.equal(svc(s!, "w").desiredInstances, 3, "the journaled count");
  assert.equal(running(s!, "w"), 3);
  await kill(app);
});

test("RM restart with recovery during a scale: the AM re-registers, keeps its containers and reaches the count", async () => {
  const app = await submitYaml("rm-restart", ["services:", "  w: {memory: 128 MiB, script: sleep 600}"]);
  const before = await until(app, "w_0 running", (s) => running(s, "w") === 1);
  const w0 = svc(before, "w").containers.find((c) => c.state === "RUNNING")!.containerId;
  await app.client.scale("w", 3);
  const t0 = Date.now();
  fault("restart", "resourcemanager");
  const s = await until(app, "3 w running", (x) => running(x, "w") === 3, 180_000);
  console.log(`RM restart during a scale: 3 running ${seconds(t0)} s after the restart began`);
  assert.equal(s.application.attempt, 1, "same attempt");
  assert.ok(
    svc(s, "w").containers.some((c) => c.containerId === w0 && c.state === "RUNNING"),
    "w_0 kept",
  );
  await kill(app);
});

test("NodeManager kill -9 under a computing dask client: workers replaced without using restarts, client unharmed", async () => {
  const app = await submitYaml(
    "nm-kill",
    ["scheduler: {memory: 512 MiB}", "worker: {count: 3, memory: 512 MiB, restarts: 0}"],
    true,
  );
  const s0 = await until(app, "3 workers", (s) => running(s, "dask.worker") === 3, 240_000);
  const amNode = (await rmApp(app.appId)) as unknown as { amHostHttpAddress: string };
  const nodes = (await (await fetch(`${cluster.rmWeb}/ws/v1/cluster/nodes`)).json()) as any;
  const amNodeId = nodes.nodes.node.find((n: any) => n.nodeHTTPAddress === amNode.amHostHttpAddress)?.id;
  const schedNode = svc(s0, "dask.scheduler").containers[0]!.nodeId;
  const victim = svc(s0, "dask.worker")
    .containers.map((c) => c.nodeId!)
    .find((n) => n !== schedNode && n !== amNodeId);
  if (!victim) {
    // Both NodeManagers host the AM or the scheduler: killing either tests another fault.
    await kill(app);
    return assert.fail(`no NodeManager with only workers (AM on ${amNodeId}, scheduler on ${schedNode})`);
  }
  const lost = svc(s0, "dask.worker").containers.filter((c) => c.nodeId === victim).length;
  const address = s0.dask!.schedulerAddress!;
  const computing = runPython(
    `import sys, time\nimport dask.array as da\nfrom dask.distributed import Client\nwith Client(sys.argv[1], timeout=60) as c:\n    for i in range(40):\n        assert int(da.arange(1000, chunks=100).sum().compute()) == 499500\n        time.sleep(1)\n    print("ok")`,
    address,
    300_000,
  );
  const t0 = Date.now();
  fault("kill", nodeManagerOf(victim));
  const marked = await until(
    app,
    "the lost node marked",
    (s) =>
      svc(s, "dask.worker").containers.some((c) => c.nodeState === "LOST" || (c.exitStatus === -100 && !!c.finishTime)),
    180_000,
  );
  assert.ok(marked);
  const s = await until(app, "3 workers again", (x) => running(x, "dask.worker") === 3, 180_000);
  console.log(`NM kill -9 (${lost} worker(s) on it): 3 workers running again after ${seconds(t0)} s`);
  assert.equal(svc(s, "dask.worker").restartsUsed, 0, "node loss used no restart");
  assert.equal((await computing).trim(), "ok");
  assert.equal(s.application.state, "RUNNING");
  fault("restart", nodeManagerOf(victim));
  await kill(app);
});

test("8 concurrent submits: all SUCCEEDED, staging dirs gone", async () => {
  const t0 = Date.now();
  const apps = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      submitYaml(`batch-${i}`, ["services:", "  job: {memory: 128 MiB, script: 'true'}"]),
    ),
  );
  const reports = await Promise.all(
    apps.map((a) => waitForFinish(a.appId, { hadoop: { confDir: cluster.confDir }, timeoutMs: 300_000 })),
  );
  console.log(`8 concurrent submits finished in ${seconds(t0)} s`);
  assert.deepEqual(
    reports.map((r) => r.finalStatus),
    Array(8).fill("SUCCEEDED"),
  );
  for (const a of apps) assert.equal(await hdfs.statIfExists(a.stagingDir), undefined, `${a.stagingDir} left behind`);
});

async function kill(app: RunningApplication): Promise<void> {
  await cli(["kill", app.appId]);
}
