// A dask worker without a nanny (--worker-class distributed.Worker) through client.restart(): dask
// closes such workers "hoping an external deployment system will restart them", and the service
// wrapper starts a fresh worker process in the same container. Before, the worker exited 0, the AM
// counted it as finished and the application was left with no workers. One small application on
// the shared cluster: the worker comes back as a new process, computes, and the AM's counts
// (desired 1, running 1, no restart used, the same container) are as before the restart.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, test } from "node:test";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { localCluster, ROOT } from "../../support/cluster.js";
import { runPython } from "../../support/dask-python.js";
import { runCli, tempHome } from "./run-cli.js";
import { writeSmallSpec } from "./small-spec.js";

const c = localCluster();
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const tag = `tsdask-e2e-no-nanny-${process.pid}`;
const home = tempHome();
const spec = writeSmallSpec(home, tag);
const cli = (args: string[], timeoutMs?: number) =>
  runCli(args, { confDir: c.confDir, env: { HADOOP_USER_NAME: c.user }, home, ...(timeoutMs ? { timeoutMs } : {}) });

after(async () => {
  const apps = await rm.listApplications({ tags: [tag] }).catch(() => []);
  for (const a of apps)
    if (!TERMINAL_STATES.includes(a.state)) await rm.killApplication(a.id, "e2e cleanup").catch(() => undefined);
});

/** Worker pids before and after client.restart(), the worker count after, and a computed result. */
const RESTART_PY = `
import json, os, sys
from dask.distributed import Client
with Client(sys.argv[1], timeout=60) as c:
    c.wait_for_workers(1, timeout=120)
    before = sorted(c.run(os.getpid).values())
    c.restart(timeout=120)
    c.wait_for_workers(1, timeout=120)
    after = sorted(c.run(os.getpid).values())
    result = c.submit(sum, [1, 2, 3]).result(timeout=60)
    print(json.dumps({"before": before, "after": after, "workers": len(c.scheduler_info()["workers"]), "sum": result}))
`;

interface WorkerService {
  name: string;
  desiredInstances: number;
  restartsUsed: number;
  counts: { RUNNING: number };
  containers: { state: string; containerId?: string }[];
}

async function workerService(appId: string): Promise<WorkerService> {
  const st = await cli(["status", appId, "--json"]);
  assert.equal(st.code, 0, st.stderr);
  const services = (JSON.parse(st.stdout) as { am: { services: WorkerService[] } }).am.services;
  return services.find((s) => s.name === "dask.worker")!;
}

test(
  "no nanny: client.restart() brings the worker back as a fresh process in its container",
  { timeout: 600_000 },
  async () => {
    const env = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
    assert.equal(env.status, 0, env.stderr);
    const submitted = await cli(
      [
        "submit",
        "-q",
        "--spec",
        spec,
        "--environment",
        env.stdout.trim(),
        "--name",
        tag,
        "--worker-count",
        "1",
        "--worker-class",
        "distributed.Worker",
      ],
      300_000,
    );
    assert.equal(submitted.code, 0, submitted.stderr);
    const appId = submitted.stdout.trim();
    const before = await workerService(appId);
    assert.equal(before.counts.RUNNING, 1);
    const container = before.containers.find((x) => x.state === "RUNNING")?.containerId;
    assert.ok(container, JSON.stringify(before));

    const creds = join(home, "creds");
    const cr = await cli(["credentials", appId, "--dir", creds, "--json"]);
    assert.equal(cr.code, 0, cr.stderr);
    const { schedulerAddress } = JSON.parse(cr.stdout) as { schedulerAddress: string };
    const out = JSON.parse(await runPython(RESTART_PY, schedulerAddress, 400_000, creds)) as {
      before: number[];
      after: number[];
      workers: number;
      sum: number;
    };
    assert.equal(out.workers, 1);
    assert.equal(out.sum, 6);
    assert.equal(out.before.length, 1);
    assert.notDeepEqual(out.after, out.before, "the worker after restart() is a new process");

    const now = await workerService(appId);
    assert.equal(now.desiredInstances, 1);
    assert.equal(now.counts.RUNNING, 1);
    assert.equal(now.restartsUsed, 0, "restarted in its container, not a failed container replaced");
    assert.deepEqual(
      now.containers.filter((x) => x.state === "RUNNING").map((x) => x.containerId),
      [container],
    );
  },
);
