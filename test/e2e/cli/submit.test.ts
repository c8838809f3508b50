// dask end to end through the built CLI on the real cluster. Three applications, started at once
// to keep CI time down: a batch job that succeeds (submit --wait job.py → exit 0, its result in
// YARN's logs), the same job failing (exit 1, FAILED), and one long-running cluster (submit
// without a script, submitted with -q) shared by the remaining tests: -q prints its id alone,
// status --json and credentials give its scheduler, a Python dask Client connects and computes,
// scale up and down is seen by the scheduler, status agrees with `yarn application -status`,
// logs shows a worker's output, --json parses, and kill ends it KILLED with its staging removed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { clusterAddresses } from "../../../src/hadoop-conf/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { hadoopTool, localCluster, ROOT } from "../../support/cluster.js";
import { runPython, schedulerSees, SUM_PY } from "../../support/dask-python.js";
import { streamPattern } from "../../support/yarn-logs-output.js";
import { runCli, tempHome, type CliResult } from "./run-cli.js";
import { writeSmallSpec } from "./small-spec.js";

const c = localCluster();
const confDir = c.confDir;
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const hdfs = WebHdfsClient.fromAddresses(clusterAddresses({ confDir, env: {} }), { user: c.user });
const tag = `tsdask-e2e-submit-${process.pid}`;
const env = { HADOOP_USER_NAME: c.user };
const job = join(ROOT, "cluster", "examples", "demo_job.py");
const SUM = "sum = 199999990000000 (expected 199999990000000)";
const home = tempHome();
// Small containers: three applications share the one-node test cluster with other suites.
const spec = writeSmallSpec(home, tag);

let batchOk: Promise<CliResult>;
let batchFail: Promise<CliResult>;
let longRunning: Promise<CliResult>;
const cli = (args: string[], timeoutMs?: number) =>
  runCli(args, { confDir, env, home, ...(timeoutMs ? { timeoutMs } : {}) });
const appIdOf = (r: CliResult) => /application_\d+_\d+/.exec(r.stdout + r.stderr)?.[0] ?? "";

before(() => {
  // cluster/dask-env/build prints the cached archive at once after the first build.
  const built = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
  assert.equal(built.status, 0, built.stderr);
  const common = ["--spec", spec, "--environment", built.stdout.trim()];
  const batch = (name: string, extra: string[]) =>
    cli(
      [
        "submit",
        ...common,
        "--name",
        `${tag}-${name}`,
        "--worker-count",
        "1",
        "--wait",
        job,
        "--workers",
        "1",
        ...extra,
      ],
      400_000,
    );
  batchOk = batch("ok", []);
  batchFail = batch("fail", ["--fail"]);
  longRunning = cli(["submit", "-q", ...common, "--name", `${tag}-cluster`, "--worker-count", "1"], 300_000);
});

async function killTagged(): Promise<void> {
  const apps = await rm.listApplications({ tags: [tag] }).catch(() => []);
  for (const a of apps) {
    if (!TERMINAL_STATES.includes(a.state)) await rm.killApplication(a.id, "e2e cleanup").catch(() => undefined);
  }
}

// Kill first (a --wait process then ends by itself), then wait for the CLI processes, then kill
// what they submitted meanwhile: a submit still running when the tests end leaves nothing behind.
after(async () => {
  await killTagged();
  await Promise.allSettled([batchOk, batchFail, longRunning]);
  await killTagged();
});

/** The job's stdout lines from YARN's aggregated logs (Hadoop's own `yarn logs`), once aggregated. */
async function aggregatedStdout(appId: string): Promise<string> {
  for (let i = 0; i < 30; i++) {
    const r = hadoopTool(["yarn", "logs", "-applicationId", appId, "-log_files_pattern", streamPattern("stdout")]);
    if (r.stdout.includes("sum =")) return r.stdout;
    await new Promise((res) => setTimeout(res, 2000));
  }
  return "";
}

test("submit --wait job.py: exit 0, SUCCEEDED, the job's result in its logs", { timeout: 600_000 }, async () => {
  const r = await batchOk;
  const appId = appIdOf(r);
  assert.equal(r.code, 0, r.stderr);
  // The application id first, then the script's own stdout, streamed as it ran.
  assert.equal(r.stdout.split("\n")[0], appId, "stdout starts with the application id");
  assert.ok(r.stdout.includes(SUM), `the job's output is in submit's stdout:\n${r.stdout}`);
  // The service wrapper's own lines are not the script's: they stay in their own log file.
  assert.doesNotMatch(r.stdout + r.stderr, /tsdask-yarn service:/);
  assert.match(r.stderr, /FINISHED \(SUCCEEDED\)/);
  const app = await rm.applicationReport(appId);
  assert.deepEqual([app.state, app.finalStatus], ["FINISHED", "SUCCEEDED"]);
  const logs = await aggregatedStdout(appId);
  assert.ok(logs.includes(SUM), `the client container's stdout has the result:\n${logs.slice(-2000)}`);
  // The client script's unchanged Client() reaches the scheduler over TLS (the default).
  assert.match(logs, /connected to tls:\/\/\S+ with 1 workers/);
});

test("the same job failing (raise): exit 1 and the application FAILED", { timeout: 600_000 }, async () => {
  const r = await batchFail;
  const appId = appIdOf(r);
  assert.equal(r.code, 1, r.stderr);
  const app = await rm.applicationReport(appId);
  assert.deepEqual([app.state, app.finalStatus], ["FINISHED", "FAILED"]);
  assert.match(r.stderr, /FAILED/);
});

let cluster: { appId: string; stagingDir: string; schedulerAddress: string; dashboardUrl: string; tls: boolean };
/** Where `credentials --dir` wrote the long-running cluster's TLS files. */
const creds = join(home, "creds");

test(
  "a long-running cluster (no script): -q prints the id alone, status --json and credentials give the scheduler, a Python Client computes",
  {
    timeout: 600_000,
  },
  async () => {
    const r = await longRunning;
    assert.equal(r.code, 0, r.stderr);
    // -q silences progress, not the application id: it is stdout's one line.
    assert.match(r.stdout, /^application_\d+_\d+\n$/);
    assert.equal(r.stderr, "", "-q prints no progress");
    const appId = r.stdout.trim();
    // status --json carries the scheduler at the top level, as submit --json does.
    const st = await cli(["status", appId, "--json"]);
    assert.equal(st.code, 0, st.stderr);
    const status = JSON.parse(st.stdout) as typeof cluster & { am: { dask: { schedulerAddress: string } } };
    assert.match(status.schedulerAddress, /^tls:\/\//);
    assert.equal(status.schedulerAddress, status.am.dask.schedulerAddress);
    assert.match(status.dashboardUrl, /^http:\/\//);
    assert.equal(status.tls, true);
    cluster = {
      appId,
      stagingDir: `/user/${c.user}/.tsdask-yarn/apps/${appId}`,
      schedulerAddress: status.schedulerAddress,
      dashboardUrl: status.dashboardUrl,
      tls: status.tls,
    };
    const cr = await cli(["credentials", cluster.appId, "--dir", creds, "--json"]);
    assert.equal(cr.code, 0, cr.stderr);
    const written = JSON.parse(cr.stdout) as {
      caFile: string;
      certFile: string;
      keyFile: string;
      schedulerAddress: string;
    };
    assert.equal(written.schedulerAddress, cluster.schedulerAddress);
    for (const f of [written.caFile, written.certFile, written.keyFile]) assert.equal(statSync(f).mode & 0o777, 0o600);
    // Without --json: the Python lines name the real scheduler, no placeholder.
    const text = await cli(["credentials", cluster.appId, "--dir", creds]);
    assert.ok(text.stdout.includes(`client = Client("${cluster.schedulerAddress}", security=security)`), text.stdout);
    assert.doesNotMatch(text.stdout, /<scheduler address>/);
    assert.equal((await runPython(SUM_PY, cluster.schedulerAddress, 120_000, creds)).trim(), "499500");
  },
);

test("scale up to 2 and down to 1: the scheduler sees it", { timeout: 300_000 }, async () => {
  assert.ok(cluster, "needs the long-running cluster");
  const up = await cli(["scale", cluster.appId, "2", "--json"]);
  assert.equal(up.code, 0, up.stderr);
  assert.deepEqual(JSON.parse(up.stdout), { service: "dask.worker", previous: 1, desired: 2 });
  assert.equal(await schedulerSees(cluster.schedulerAddress, 2, 90_000, creds), 2);
  const down = await cli(["scale", cluster.appId, "1"]);
  assert.equal(down.code, 0, down.stderr);
  assert.equal(await schedulerSees(cluster.schedulerAddress, 1, 90_000, creds), 1);
  // The retired worker's container is released after the scheduler let it go.
  let running = -1;
  for (let i = 0; i < 60 && running !== 1; i++, await new Promise((res) => setTimeout(res, 1000))) {
    const st = JSON.parse((await cli(["status", cluster.appId, "--json"])).stdout) as {
      am: { services: { name: string; counts: { RUNNING: number } }[] };
    };
    running = st.am.services.find((x) => x.name === "dask.worker")!.counts.RUNNING;
  }
  assert.equal(running, 1, "one worker container left running");
});

test("status agrees with `yarn application -status`; --json status parses", { timeout: 120_000 }, async () => {
  assert.ok(cluster, "needs the long-running cluster");
  const yarn = hadoopTool(["yarn", "application", "-status", cluster.appId]);
  assert.equal(yarn.status, 0, yarn.stderr);
  const f = Object.fromEntries(
    [...yarn.stdout.matchAll(/^\t(.+?) : (.*)$/gm)].map((m) => [m[1]!.trim(), m[2]!.trim()]),
  );
  const r = await cli(["status", cluster.appId]);
  assert.equal(r.code, 0, r.stderr);
  const [id, name, state, status] = r.stdout.split("\n")[1]!.split("\t");
  assert.deepEqual([id, name, state, status], [f["Application-Id"], f["Application-Name"], f.State, f["Final-State"]]);
  assert.match(r.stdout, /dask\.worker\t1\t1\t/);
  const json = JSON.parse((await cli(["status", cluster.appId, "--json"])).stdout) as {
    report: { state: string; queue: string };
    tls: boolean;
    am: { dask: { schedulerAddress: string } };
    proxiedDashboardUrl: string;
  };
  assert.equal(json.report.state, f.State);
  assert.equal(json.tls, true);
  assert.equal(json.am.dask.schedulerAddress, cluster.schedulerAddress);
  // The tracking page through the RM proxy (its dask section), from the conf: the RM's REST tracking
  // URL names the same proxy path (with the RM's own host name for it).
  const proxied = `${c.rmWeb}/proxy/${cluster.appId}/`;
  assert.equal(json.proxiedDashboardUrl, proxied);
  assert.ok(r.stdout.includes(`dashboard through the RM proxy: ${proxied}\n`), r.stdout);
  const tracking = (await rm.applicationReport(cluster.appId)).trackingUrl ?? "";
  assert.equal(new URL(tracking).pathname, new URL(proxied).pathname);
  const page = await fetch(proxied, { signal: AbortSignal.timeout(10_000) });
  assert.match(await page.text(), /<section id="dask">/);
});

test("logs --service dask.worker shows a worker's output", { timeout: 120_000 }, async () => {
  assert.ok(cluster, "needs the long-running cluster");
  const r = await cli(["logs", cluster.appId, "--service", "dask.worker"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /==> dask\.worker_0 container_\S+ stderr <==/);
  assert.match(r.stdout, /Start worker at|Registered to/);
  assert.doesNotMatch(r.stdout, /==> dask\.scheduler/);
  const json = JSON.parse((await cli(["logs", cluster.appId, "--service", "dask.worker", "--json"])).stdout) as {
    instance: string;
    file: string;
  }[];
  assert.ok(json.some((l) => l.instance === "dask.worker_0" && l.file === "stderr"));
});

test("kill: the application ends KILLED and its staging directory is removed", { timeout: 180_000 }, async () => {
  assert.ok(cluster, "needs the long-running cluster");
  assert.ok(await hdfs.statIfExists(cluster.stagingDir), "staged while running");
  const r = await cli(["kill", cluster.appId]);
  assert.equal(r.code, 0, r.stderr);
  const app = await rm.applicationReport(cluster.appId);
  assert.deepEqual([app.state, app.finalStatus], ["KILLED", "KILLED"]);
  assert.equal(await hdfs.statIfExists(cluster.stagingDir), undefined);
});
