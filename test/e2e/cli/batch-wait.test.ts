// submit --wait as a CI runner uses it, through the built CLI on the real cluster (issue 10):
// the script's output streams while it runs and equals what Hadoop's own `yarn logs` shows for the
// client container; the exit code is the script's (an exception → 1, sys.exit(3) → 3, but a KILLED
// application 137 even when its script answers the kill with exit 3); progress
// lines appear with stderr piped; an options-after-SCRIPT warning; and a request larger than the
// cluster warns before anything is uploaded, then runs its script with the workers that fit.
// Three applications run at once, the large one after them (it takes the whole node).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { hadoopTool, localCluster, ROOT } from "../../support/cluster.js";
import { containerStream, streamPattern } from "../../support/yarn-logs-output.js";
import { runCli, spawnCli, tempHome, type CliResult } from "./run-cli.js";
import { writeSmallSpec } from "./small-spec.js";

const c = localCluster();
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const tag = `tsdask-e2e-batch-${process.pid}`;
const home = tempHome();
const spec = writeSmallSpec(home, tag);
const script = (name: string, body: string) => {
  const path = join(home, name);
  writeFileSync(path, body);
  return path;
};
// Eight lines over about 20 s, then an exception.
const TICKER = script(
  "ticker.py",
  `import sys, time
for i in range(8):
    print(f"tick {i}", flush=True)
    time.sleep(2.5)
print("about to fail", file=sys.stderr, flush=True)
raise RuntimeError("the ticker gave up")
`,
);
// The pause gives the CLI's status polls time to see the script running ("the script started").
const EXIT3 = script("exit3.py", `import sys, time\nprint("exiting with 3", flush=True)\ntime.sleep(5)\nsys.exit(3)\n`);
// Killed while it runs, it exits 3 on YARN's SIGTERM: KILLED must still be 137, not the script's 3.
const KILLME = script(
  "killme.py",
  `import signal, sys, time
signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
print("running until killed", flush=True)
time.sleep(600)
`,
);
const COUNT = script(
  "count.py",
  `from dask.distributed import Client
c = Client()
print("workers", len(c.scheduler_info()["workers"]))
`,
);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** [ms since start, stream, text] of every chunk, as it arrived. */
  chunks: [number, "out" | "err", string][];
  ms: number;
}

/** `submit` through the CLI; `live`, when given, sees the run's output as it arrives. */
function submit(args: string[], timeoutMs = 400_000, live?: (run: Run) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawnCli(["submit", ...args], { confDir: c.confDir, env: { HADOOP_USER_NAME: c.user }, home });
    const run: Run = { code: -1, stdout: "", stderr: "", chunks: [], ms: 0 };
    live?.(run);
    child.stdout.on("data", (d: Buffer) => {
      run.stdout += d;
      run.chunks.push([Date.now() - t0, "out", String(d)]);
    });
    child.stderr.on("data", (d: Buffer) => {
      run.stderr += d;
      run.chunks.push([Date.now() - t0, "err", String(d)]);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ...run, code: code ?? -1, ms: Date.now() - t0 });
    });
  });
}

let env = "";
let ticker: Promise<Run>;
let exit3: Promise<Run>;
let killed: Promise<Run>;
/** The kill of the `killed` app, done as soon as its script runs: see killWhenRunning. */
let killing: Promise<{ appId: string; kill?: CliResult; error?: unknown }>;

before(() => {
  const built = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
  assert.equal(built.status, 0, built.stderr);
  env = built.stdout.trim();
  const common = ["--spec", spec, "--environment", env, "--worker-count", "1"];
  ticker = submit([...common, "--name", `${tag}-ticker`, "--quiet", "--wait", TICKER]);
  exit3 = submit([...common, "--name", `${tag}-exit3`, "--json", "--wait", EXIT3, "--quiet"]);
  let killedRun: Run | undefined;
  killed = submit([...common, "--name", `${tag}-killed`, "--wait", KILLME], undefined, (r) => (killedRun = r));
  killing = killWhenRunning(`${tag}-killed`, () => killedRun?.stdout ?? "").then(
    (r) => r,
    (error: unknown) => ({ appId: "", error }),
  );
});

/**
 * Kills the application named `name` once its script's first line has streamed to the CLI.
 * Started with the submits, not inside its test: the three applications need 12 vcores of the
 * node's 8, so one may wait for the killed one's containers, and a kill left to the third test
 * would then wait behind the first two tests forever (a CI run saw exactly that: ticker and exit3
 * waited 400 s).
 */
async function killWhenRunning(name: string, output: () => string): Promise<{ appId: string; kill: CliResult }> {
  for (const end = Date.now() + 300_000; !output().includes("running until killed");) {
    if (Date.now() > end) throw new Error(`${name}'s script printed nothing through submit --wait within 300 s`);
    await new Promise((res) => setTimeout(res, 500));
  }
  const appId = (await rm.listApplications({ tags: [tag] })).find((a) => a.name === name)?.id ?? "";
  if (!appId) throw new Error(`${name} is not among the ResourceManager's applications tagged ${tag}`);
  const kill = await runCli(["kill", appId], { confDir: c.confDir, env: { HADOOP_USER_NAME: c.user }, home });
  return { appId, kill };
}

after(async () => {
  const apps = await rm.listApplications({ tags: [tag] }).catch(() => []);
  for (const a of apps) {
    if (!TERMINAL_STATES.includes(a.state)) await rm.killApplication(a.id, "e2e cleanup").catch(() => undefined);
  }
});

/** Until the RM says the NodeManagers finished aggregating (yarn logs may read partial files before). */
async function aggregated(appId: string): Promise<void> {
  let status: string | undefined;
  for (const end = Date.now() + 120_000; Date.now() < end; await new Promise((res) => setTimeout(res, 1000))) {
    status = (await rm.applicationReport(appId)).logAggregationStatus;
    if (status === "SUCCEEDED") return;
  }
  throw new Error(`the logs of ${appId} are not aggregated after 120 s (log aggregation status ${status})`);
}

/** One stream of one container from Hadoop's own `yarn logs`, its rolled parts joined; retried until aggregated. */
async function yarnLogs(appId: string, container: string, stream: "stdout" | "stderr"): Promise<string> {
  await aggregated(appId);
  for (let i = 0; i < 30; i++) {
    const args = ["-applicationId", appId, "-containerId", container, "-log_files_pattern", streamPattern(stream)];
    const r = hadoopTool(["yarn", "logs", ...args]);
    // Whole lines of UTF-8 from a script: the string round-trips to the bytes yarn logs printed.
    const bytes = containerStream(Buffer.from(r.stdout, "utf8"), container, stream);
    if (bytes) return bytes.toString("utf8");
    await new Promise((res) => setTimeout(res, 2000));
  }
  throw new Error(`yarn logs has no ${stream} of ${container}`);
}

/**
 * The client container: the one whose stderr ends with the script's own error. Not just any
 * "Traceback": a dask worker may log one too when the scheduler goes away as the application fails.
 */
async function clientContainer(appId: string): Promise<string> {
  await aggregated(appId);
  const attempts = await rm.applicationAttempts(appId);
  const r = hadoopTool(["yarn", "logs", "-applicationId", appId, "-log_files_pattern", streamPattern("stderr")]);
  for (const block of r.stdout.split(/^Container: /m)) {
    if (block.includes("RuntimeError: the ticker gave up")) return /^(container_\S+)/.exec(block)?.[1] ?? "";
  }
  throw new Error(
    `no client container with a traceback among ${attempts.length} attempt(s):\n${r.stdout.slice(-2000)}`,
  );
}

test(
  "a failing script: its output streams while it runs, equals yarn logs, exit code 1",
  { timeout: 600_000 },
  async () => {
    const r = await ticker;
    assert.equal(r.code, 1, r.stderr);
    // --quiet: nothing but the script's own output, so stdout/stderr are exactly its files.
    assert.match(r.stdout, /^tick 0\ntick 1\n(tick \d\n)*tick 7\n$/);
    assert.match(
      r.stderr,
      /about to fail\nTraceback \(most recent call last\):[\s\S]*RuntimeError: the ticker gave up\n$/,
    );
    // Streaming: "tick 0" arrived while the script still had ~17 s to run, well before the end.
    const first = r.chunks.find(([, s, t]) => s === "out" && t.includes("tick 0"))![0];
    const last = r.chunks.find(([, s, t]) => s === "out" && t.includes("tick 7"))![0];
    assert.ok(last - first >= 10_000, `tick 0 at ${first} ms, tick 7 at ${last} ms: not streamed`);
    assert.ok(r.ms - first >= 12_000, `tick 0 arrived ${r.ms - first} ms before the end`);
    const app = (await rm.listApplications({ tags: [tag] })).find((a) => a.name === `${tag}-ticker`)!;
    const container = await clientContainer(app.id);
    assert.equal(r.stdout, await yarnLogs(app.id, container, "stdout"), "stdout = yarn logs' stdout");
    assert.equal(r.stderr, await yarnLogs(app.id, container, "stderr"), "stderr = yarn logs' stderr");
  },
);

test(
  "sys.exit(3) → exit 3; --json has the status, diagnostics and the script's exit code",
  { timeout: 600_000 },
  async () => {
    const r = await exit3;
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /^warning: '--quiet' comes after SCRIPT \(\S+exit3.py\), so it is passed to the script/m);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(json.state, "FINISHED");
    assert.equal(json.finalStatus, "FAILED");
    assert.equal(json.scriptExitCode, 3);
    assert.equal(json.scriptStarted, true);
    assert.equal(json.exitCode, 3);
    assert.match(String(json.diagnostics), /script exit code 3/);
    // stdout is the JSON alone; the script's own stdout went to stderr, progress lines too (piped).
    assert.match(r.stderr, /^exiting with 3$/m);
    assert.match(r.stderr, /^scheduler \d\/1, workers \d\/1, script \d\/1 running/m);
    assert.match(r.stderr, /^the script started$/m);
  },
);

test(
  "a KILLED application exits 137 even when its script answers the kill with sys.exit(3)",
  { timeout: 600_000 },
  async () => {
    const { appId, kill: k, error } = await killing;
    if (error) throw error;
    assert.equal(k!.code, 0, k!.stderr);
    const r = await killed;
    assert.equal(r.code, 137, r.stderr);
    assert.match(r.stdout, /running until killed/);
    assert.equal((await rm.applicationReport(appId)).state, "KILLED");
  },
);

test(
  "more than the cluster: warned before any upload; the script runs with the workers that fit",
  { timeout: 900_000 },
  async () => {
    await Promise.all([ticker, exit3, killed]); // this one takes the whole node
    const r = await submit([
      "--spec",
      spec,
      "--environment",
      env,
      "--name",
      `${tag}-big`,
      "--worker-count",
      "20",
      "--worker-memory",
      "1 GiB",
      "--wait",
      "--timeout",
      "10m",
      COUNT,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const warning = r.stderr.indexOf("warning: the application asks for");
    assert.ok(warning >= 0, r.stderr);
    assert.match(
      r.stderr,
      /asks for 21760 MiB of memory \(8192 MiB\) and 23 vcores \(8\) in all, more than queue 'default'/,
    );
    const staged = r.stderr.search(/^(uploaded|staged|environment\.tar\.gz: already in the cache)/m);
    assert.ok(staged > warning, "the warning comes before anything is uploaded or staged");
    const workers = Number(/^workers (\d+)$/m.exec(r.stdout)?.[1]);
    assert.ok(workers >= 0 && workers <= 6, `the script ran with the workers that fit:\n${r.stdout}`);
    assert.match(
      r.stderr,
      // (a note such as "the dask scheduler has not published its address yet" may stand before the count)
      /^scheduler 1\/1, workers \d+\/20, script 1\/1 running; (?:[^;\n]+; )?\d+ waiting: queue default has \d+ MiB and \d+ vcores free$/m,
    );
    assert.match(r.stderr, /FINISHED \(SUCCEEDED\)/);
  },
);
