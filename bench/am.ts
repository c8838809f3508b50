// Benchmark (not a test): what our Node.js ApplicationMaster costs and how fast it launches.
//
//   npx tsx bench/am.ts [--containers 50] [--settle-ms 10000]
//
// On a throw-away cluster (ports +22000, 16 GiB / 64 vcores, so 50 containers fit and the shared
// cluster is untouched) it submits a script service `sleep 600` (128 MiB, 1 vcore) and measures
//  - the AM's resident memory with 1 and with N running containers, after settling: as the AM
//    reports it (status.application.amMemoryRssBytes) and as /proc says (VmRSS, VmHWM = peak);
//  - per container, allocation → running: the AM's allocatedTime → startTime (startTime is when
//    the NodeManager accepted startContainers, i.e. the AM's share of a launch), allocatedTime →
//    the container's first process in /proc (the NM's localization included), and the wall time
//    from scale(N) to N RUNNING as a client sees it;
//  - for reference, Hadoop's DistributedShell Java AM holding 1 and N `sleep` containers.
// Results go to bench/results/am-<date>.json (gitignored).
//
// scale(N) → N RUNNING is paced by the RM, not the AM: the CapacityScheduler places at most one
// off-switch (locality ANY) container per NodeManager heartbeat (maximum-offswitch-assignments = 1,
// heartbeat 500 ms here), so one NM hands out ~2 containers/s; DistributedShell shows the same pace.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StatusReport } from "../src/control/index.js";
import { kill, submit, waitForFinish, type RunningApplication } from "../src/launcher/index.js";
import { specFromYaml } from "../src/spec/index.js";
import { bundles } from "./lib/bundles.js";
import { amContainerId, poll, ROOT, sleep, startCluster, type ThrowAwayCluster } from "./lib/cluster.js";
import { runDistributedShell, type DsResult } from "./lib/ds.js";
import {
  containerProcessStarts,
  distribution,
  findContainerProcess,
  mib,
  procMemory,
  type ProcMemory,
} from "./lib/proc.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("containers", 50);
const SETTLE_MS = arg("settle-ms", 10_000);
const SERVICE = "sleeper";

interface AmSample {
  readonly running: number;
  readonly reportedRssBytes: number;
  readonly proc: ProcMemory;
}

const running = (s: StatusReport) => s.services.find((x) => x.name === SERVICE)!.counts.RUNNING;

async function sample(app: RunningApplication, amPid: number): Promise<AmSample> {
  const s = await app.client.status();
  return { running: running(s), reportedRssBytes: s.application.amMemoryRssBytes, proc: procMemory(amPid) };
}

async function ourAm(cluster: ThrowAwayCluster, distDir: string, onApp: (id: string) => void) {
  const yaml = [
    "name: tsdask-bench-am",
    `hadoop: {conf-dir: ${cluster.info.confDir}}`,
    "max-attempts: 1",
    "master: {memory: 256 MiB}",
    "dask: false",
    "services:",
    `  ${SERVICE}: {instances: 1, memory: 128 MiB, vcores: 1, script: exec sleep 600}`,
  ].join("\n");
  const spec = specFromYaml(yaml, { cwd: ROOT, allowMissingEnvironment: true });
  const t0 = Date.now();
  const app = await submit(spec, {
    runtime: { distDir },
    onEvent: (e) => (e.kind === "new-application" ? onApp(e.appId) : undefined),
  });
  const submitToRegisteredMs = Date.now() - t0;
  const status = () => app.client.status();
  const until = (n: number) =>
    poll(`${n} running`, async () => ((s) => (running(s) === n ? s : undefined))(await status()), 180_000, 100);

  await until(1);
  const amPid = findContainerProcess(await amContainerId(cluster, app.appId), "node");
  if (amPid === undefined) throw new Error("the AM's node process was not found in /proc");
  await sleep(SETTLE_MS);
  const one = await sample(app, amPid);

  const tScale = Date.now();
  await app.client.scale(SERVICE, N);
  const atN = await until(N);
  const scaleWallMs = Date.now() - tScale;
  // The instances the scale added (the first one ran before): allocation → running, scale → allocation.
  const added = atN.services
    .find((x) => x.name === SERVICE)!
    .containers.filter((c) => c.state === "RUNNING" && c.instanceId !== `${SERVICE}_0`);
  const launchMs = added.flatMap((c) => (c.allocatedTime && c.startTime ? [c.startTime - c.allocatedTime] : []));
  const scaleToAllocMs = added.flatMap((c) => (c.allocatedTime ? [c.allocatedTime - tScale] : []));
  await sleep(SETTLE_MS);
  const many = await sample(app, amPid);
  const starts = containerProcessStarts();
  const processMs = added.flatMap((c) => {
    const t = starts.get(c.containerId!);
    return c.allocatedTime && t !== undefined ? [Math.round(t - c.allocatedTime)] : [];
  });

  const tStop = Date.now();
  await app.client.shutdown("SUCCEEDED", "bench done");
  const end = await waitForFinish(app.appId, { timeoutMs: 120_000, env: { HADOOP_CONF_DIR: cluster.info.confDir } });
  const shutdownMs = Date.now() - tStop;
  return {
    appId: app.appId,
    amPid,
    finalStatus: end.finalStatus,
    submitToRegisteredMs,
    one,
    many,
    scaleWallMs,
    launchMs: { distribution: distribution(launchMs), samples: launchMs },
    allocatedToProcessMs: { distribution: distribution(processMs), samples: processMs },
    scaleToAllocatedMs: distribution(scaleToAllocMs),
    shutdownMs,
  };
}

function report(ours: Awaited<ReturnType<typeof ourAm>>, ds: DsResult[], built: string): void {
  const row = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);
  const mem = (reported: number | undefined, p: ProcMemory) =>
    `${reported !== undefined ? `${mib(reported)} MiB reported, ` : ""}VmRSS ${mib(p.rssBytes)} MiB, VmHWM ${mib(p.hwmBytes)} MiB`;
  const d = (x: ReturnType<typeof distribution>) =>
    `min ${x.min} / median ${x.median} / p95 ${x.p95} / max ${x.max} ms (n=${x.n})`;
  console.log(`\nbench/am — bundles: ${built}; settle ${SETTLE_MS / 1000} s; containers 128 MiB, 1 vcore`);
  row("tsdask AM (Node.js, 256 MiB container), 1 running", mem(ours.one.reportedRssBytes, ours.one.proc));
  row(`tsdask AM, ${N} running`, mem(ours.many.reportedRssBytes, ours.many.proc));
  for (const r of ds)
    row(`DistributedShell AM (Java, -Xmx${r.xmx ?? "?"}), ${r.containers} running`, mem(undefined, r.memory));
  row("Skein AM (for the record: not installable here)", "asks 512 MiB container, JVM -Xmx128M");
  row(`allocation → RUNNING (NM accepted start)`, d(ours.launchMs.distribution));
  row(`allocation → process started (/proc, after localization)`, d(ours.allocatedToProcessMs.distribution));
  row(`scale(${N}) → allocated (AM clock)`, d(ours.scaleToAllocatedMs));
  row(`scale(${N}) → ${N} RUNNING (client wall time)`, `${(ours.scaleWallMs / 1000).toFixed(2)} s`);
  for (const r of ds)
    row(`DS AM RUNNING → ${r.containers} running (RM poll)`, `${(r.amRunningToAllRunningMs / 1000).toFixed(2)} s`);
  row("submit → AM registered", `${(ours.submitToRegisteredMs / 1000).toFixed(2)} s`);
  row(`shutdown with ${N} → FINISHED`, `${(ours.shutdownMs / 1000).toFixed(2)} s (${ours.finalStatus})`);
}

const cluster = startCluster(22000, ["--nm-memory-mb", "16384", "--nm-vcores", "64"]);
let appId: string | undefined;
const abort = () => {
  cluster.destroy();
  process.exit(130);
};
process.once("SIGINT", abort).once("SIGTERM", abort);
try {
  const built = await bundles();
  const ours = await ourAm(cluster, built.distDir, (id) => (appId = id));
  appId = undefined; // finished
  const ds = [await runDistributedShell(cluster, 1, SETTLE_MS), await runDistributedShell(cluster, N, SETTLE_MS)];
  report(ours, ds, built.how);
  const dir = join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `am-${new Date().toISOString().slice(0, 10)}.json`);
  const when = new Date().toISOString();
  writeFileSync(
    file,
    JSON.stringify({ when, containers: N, settleMs: SETTLE_MS, bundles: built.how, ours, ds }, null, 1),
  );
  console.log(`\nresults: ${file}`);
} catch (err) {
  process.exitCode = 1;
  console.error(err);
  if (appId) await kill(appId, { hadoop: { confDir: cluster.info.confDir } }).catch(() => undefined);
} finally {
  cluster.destroy();
}
