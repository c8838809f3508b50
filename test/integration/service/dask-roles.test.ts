// The service wrapper with REAL dask and a real control server (no YARN): a scheduler and two
// workers rendezvous through the key-value store, a Python Client computes, the scheduler's keyed
// HTTP API retires a worker, the client role passes its script's exit code on, SIGTERM stops dask.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startControlServer, type ControlServer } from "../../../src/appmaster/control/index.js";
import { DEFAULT_SCHEDULER_ROUTES } from "../../../src/service/dask-args.js";
import {
  DASK_KV,
  DASK_OPTIONS_ENV,
  DASK_SCHEDULER_API,
  SERVICE_ENV,
  type StatusReport,
} from "../../../src/control/index.js";
import { API_GUARD_DIR } from "../../../src/service/api-guard.js";
import { DASK_RUNNER_MODULE } from "../../../src/service/dask-runner.js";
import { ROOT } from "../../support/cluster.js";
import {
  alive,
  buildServiceBundle,
  childPids,
  cleanupAll,
  containerDir,
  daskVenv,
  http,
  startWrapper,
  until,
  type Wrapper,
} from "./support.js";

const SECRET = "1234e5-service-test-secret-0123456789";
let server: ControlServer;
let venv: string;
let scheduler: Wrapper;
const workers: Wrapper[] = [];
const order: string[] = [];

function env(instance: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    [SERVICE_ENV.controlUrl]: server.url,
    [SERVICE_ENV.appId]: "application_1_0001",
    [SERVICE_ENV.service]: instance.replace(/_\d+$/, ""),
    [SERVICE_ENV.instance]: instance,
    [SERVICE_ENV.vcores]: "1",
    [SERVICE_ENV.memoryMiB]: "512",
    NM_HOST: "127.0.0.1",
    ...extra,
  };
}

function python(code: string, extraEnv: Record<string, string> = {}): string {
  return execFileSync(join(venv, "bin", "python"), ["-c", code], {
    encoding: "utf8",
    env: { ...process.env, ...extraEnv },
    timeout: 120_000,
  });
}

const auth = { Authorization: `Bearer ${SECRET}` };
const dashboard = () => server.kv.get(DASK_KV.dashboard)!;

before(async () => {
  await buildServiceBundle();
  venv = daskVenv();
  server = await startControlServer({
    host: "127.0.0.1",
    port: 0,
    secret: SECRET,
    handlers: {
      getStatus: () => ({ services: [] }) as unknown as StatusReport,
      scale: () => {},
      shutdown: () => {},
    },
  });
  server.kv.onChange((c) => order.push(c.key));
  // Workers first: they must wait for the scheduler's address, however late it comes.
  for (const i of [0, 1]) {
    workers.push(startWrapper("dask.worker", [], containerDir(venv, SECRET), env(`dask.worker_${i}`)));
  }
  scheduler = startWrapper("dask.scheduler", [], containerDir(venv, SECRET), env("dask.scheduler_0"));
});

after(async () => {
  await cleanupAll();
  await server?.close();
});

test("the scheduler publishes dask.dashboard, then dask.scheduler", async () => {
  const address = await until("dask.scheduler in the KV store", () => server.kv.get(DASK_KV.scheduler));
  assert.match(address, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  assert.match(dashboard(), /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(order, [DASK_KV.dashboard, DASK_KV.scheduler]);
});

test("DEFAULT_SCHEDULER_ROUTES is what the installed distributed ships (nothing dropped)", () => {
  const out = python(
    "import json, dask.config, distributed; print(json.dumps(dask.config.get('distributed.scheduler.http.routes')))",
  );
  assert.deepEqual(JSON.parse(out), [...DEFAULT_SCHEDULER_ROUTES]);
});

test("a dask Client sees both workers, named after their instance ids, and computes", () => {
  const out = python(
    `import json
from dask.distributed import Client
c = Client(timeout=60)
c.wait_for_workers(2, timeout=90)
info = c.scheduler_info()["workers"].values()
names = sorted(w["name"] for w in info)
threads = sorted(w["nthreads"] for w in info)
limits = sorted(w["memory_limit"] for w in info)
total = c.submit(sum, range(1000)).result()
print(json.dumps({"names": names, "threads": threads, "limits": limits, "total": total}))`,
    { DASK_SCHEDULER_ADDRESS: server.kv.get(DASK_KV.scheduler)! },
  );
  const r = JSON.parse(out.trim().split("\n").pop()!);
  assert.deepEqual(r.names, ["dask.worker_0", "dask.worker_1"]);
  assert.deepEqual(r.threads, [1, 1]);
  assert.deepEqual(r.limits, [512 * 1024 * 1024, 512 * 1024 * 1024]);
  assert.equal(r.total, 499500);
});

test("the dashboard keeps its default routes; the API answers only with the app secret", async () => {
  assert.equal((await http(`${dashboard()}/health`)).body, "ok");
  assert.equal((await http(`${dashboard()}/metrics`)).status, 200);
  assert.equal((await http(dashboard() + DASK_SCHEDULER_API.getWorkers)).status, 403);
  const wrong = { Authorization: "Bearer not-the-secret" };
  assert.equal((await http(dashboard() + DASK_SCHEDULER_API.getWorkers, { headers: wrong })).status, 403);
  const bad = await http(dashboard() + DASK_SCHEDULER_API.retireWorkers, {
    method: "POST",
    headers: wrong,
    body: JSON.stringify({ n: 1 }),
  });
  assert.equal(bad.status, 403);
  const ok = await http(dashboard() + DASK_SCHEDULER_API.getWorkers, { headers: auth });
  assert.equal(ok.status, 200);
  assert.equal(JSON.parse(ok.body).num_workers, 2, "the refused retire changed nothing");
});

test("retire_workers through the HTTP API: the worker leaves, then stops on SIGTERM", async () => {
  const list = JSON.parse((await http(dashboard() + DASK_SCHEDULER_API.getWorkers, { headers: auth })).body) as {
    workers: { name: string; address: string }[];
  };
  const victim = list.workers.find((w) => w.name === "dask.worker_1")!;
  const r = await http(dashboard() + DASK_SCHEDULER_API.retireWorkers, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify({ workers: [victim.address] }),
  });
  assert.equal(r.status, 200, r.body);
  const retired = JSON.parse(r.body) as Record<string, { name: string }>;
  assert.deepEqual(Object.keys(retired), [victim.address]);
  assert.equal(retired[victim.address]!.name, "dask.worker_1");
  await until("the scheduler to drop the worker", async () => {
    const now = await http(dashboard() + DASK_SCHEDULER_API.getWorkers, { headers: auth });
    const names = (JSON.parse(now.body) as typeof list).workers.map((w) => w.name);
    return names.length === 1 && names[0] === "dask.worker_0" ? true : undefined;
  });
  // dask's API retires with close_workers=False: the process lives on until the AM stops the container.
  assert.equal(workers[1]!.proc.exitCode, null, "the retired worker is still running");
  workers[1]!.proc.kill("SIGTERM");
  const end = await workers[1]!.exited;
  assert.deepEqual(end, { code: 0, signal: null }, workers[1]!.output().slice(-2000));
  assert.match(workers[1]!.output(), /Reason: signal-15/, "the nanny got the SIGTERM and closed the worker");
});

test("dask.client runs the script with DASK_SCHEDULER_ADDRESS and exits with its code", async () => {
  const dir = containerDir(venv, SECRET);
  writeFileSync(
    join(dir, "job.py"),
    `import sys
from dask.distributed import Client
client = Client()
print("result", client.submit(lambda x: x * 7, int(sys.argv[1])).result())
client.close()
sys.exit(3)
`,
  );
  const client = startWrapper("dask.client", ["job.py", "6"], dir, env("dask.client_0"));
  const end = await client.exited;
  assert.equal(end.code, 3, client.output());
  assert.match(client.output(), /^result 42$/m);
});

test("worker-class and worker-options: the worker runs through the embedded dask_runner.py", async () => {
  const dir = containerDir(venv, SECRET);
  const options = { workerClass: "distributed.Worker", options: { resources: { FOO: 3 } } };
  const w = startWrapper(
    "dask.worker",
    [],
    dir,
    env("dask.worker_2", { [DASK_OPTIONS_ENV]: Buffer.from(JSON.stringify(options)).toString("base64") }),
  );
  // Asynchronously: the worker asks this process's control server for the scheduler's address,
  // which a blocking python() call would keep from answering.
  await until("dask.worker_2 at the scheduler", async () => {
    const now = await http(dashboard() + DASK_SCHEDULER_API.getWorkers, { headers: auth });
    return (JSON.parse(now.body) as { workers: { name: string }[] }).workers.some((x) => x.name === "dask.worker_2")
      ? true
      : undefined;
  });
  const out = python(
    `import json
from dask.distributed import Client
c = Client(timeout=60)
[(addr, w)] = [(a, w) for a, w in c.scheduler_info()["workers"].items() if w["name"] == "dask.worker_2"]
kind = c.run(lambda dask_worker: type(dask_worker).__name__, workers=[addr])
print(json.dumps({"resources": w["resources"], "kind": list(kind.values())}))`,
    { DASK_SCHEDULER_ADDRESS: server.kv.get(DASK_KV.scheduler) ?? "" },
  );
  assert.deepEqual(JSON.parse(out.trim().split("\n").pop() ?? ""), { resources: { FOO: 3 }, kind: ["Worker"] });
  // The bundle sits in a temp dir with no .py beside it: the module it wrote is the embedded copy.
  const written = readFileSync(join(dir, API_GUARD_DIR, `${DASK_RUNNER_MODULE}.py`), "utf8");
  assert.equal(written, readFileSync(join(ROOT, "src", "service", "dask_runner.py"), "utf8"));
  w.proc.kill("SIGTERM");
  assert.deepEqual(await w.exited, { code: 0, signal: null }, w.output().slice(-2000));
});

test("missing script, python or control URL: typed errors on stderr, non-zero exit", async () => {
  const noScript = startWrapper("dask.client", ["nope.py"], containerDir(venv, SECRET), env("dask.client_0"));
  assert.equal((await noScript.exited).code, 1);
  assert.match(noScript.output(), /\[SERVICE_NO_SCRIPT\].*nope\.py/);
  const noPython = startWrapper("dask.worker", [], containerDir(undefined, SECRET), env("dask.worker_9"));
  assert.equal((await noPython.exited).code, 1);
  assert.match(noPython.output(), /\[SERVICE_NO_PYTHON\][^\n]*\n\s+what to do: .*environment/);
  const usage = startWrapper("dask.nanny", [], containerDir(venv, SECRET), env("x_0"));
  assert.equal((await usage.exited).code, 2);
  assert.match(usage.output(), /\[SERVICE_USAGE\]: unknown role 'dask.nanny'/);
  const noUrl = startWrapper("dask.worker", [], containerDir(venv, SECRET), { [SERVICE_ENV.controlUrl]: "" });
  assert.equal((await noUrl.exited).code, 1);
  assert.match(noUrl.output(), /\[SERVICE_ENV_MISSING\]: TSDASK_CONTROL_URL is not set/);
});

test("a scheduler that dies before reporting its address: SERVICE_SCHEDULER_START, nothing published", async () => {
  const dir = containerDir(undefined, SECRET);
  mkdirSync(join(dir, "environment", "bin"), { recursive: true });
  writeFileSync(
    join(dir, "environment", "bin", "python"),
    "#!/bin/sh\necho 'ImportError: no distributed' >&2\nexit 5\n",
    {
      mode: 0o755,
    },
  );
  const before = server.kv.revision;
  const broken = startWrapper("dask.scheduler", [], dir, env("dask.scheduler_0"));
  assert.equal((await broken.exited).code, 1);
  assert.match(broken.output(), /ImportError: no distributed/, "the child's stderr passes through");
  assert.match(broken.output(), /\[SERVICE_SCHEDULER_START\]: the dask scheduler exited with code 5/);
  assert.equal(server.kv.revision, before);
});

test("SIGTERM to the scheduler wrapper stops the dask scheduler and the wrapper with it", async () => {
  const [pid] = childPids(scheduler.proc.pid!);
  assert.ok(pid !== undefined && alive(pid), "the scheduler's Python child runs");
  scheduler.proc.kill("SIGTERM");
  const end = await scheduler.exited;
  // dask closes gracefully on SIGTERM and exits 0; the wrapper passes that code on.
  assert.deepEqual(end, { code: 0, signal: null }, scheduler.output().slice(-2000));
  await until("the Python scheduler to be gone", () => (alive(pid) ? undefined : true), 10_000);
});
