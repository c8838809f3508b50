// Benchmark (not a test): `tsdask-yarn status <id>` latency against `dask-yarn status <id>` in the
// same run, on the shared local cluster.
//
//   npx tsx bench/cli.ts [--runs 10] [--yarn-runs 3]
//
// Each command is spawned as users run it (a fresh process every time, wall time from spawn to
// exit) against one application: a `sleep` AM submitted through the RM REST API and killed at the
// end. dask-yarn (PyPI dask-yarn 0.9 on skein 0.8.2) lives in a throw-away venv,
// cluster/.work/bench-venv, set up by hand:
//   python3 -m venv cluster/.work/bench-venv
//   cluster/.work/bench-venv/bin/pip install dask-yarn 'protobuf<4' 'dask==2022.12.1' 'distributed==2022.12.1'
// (dask-yarn 0.9 imports distributed.utils.format_bytes, gone from newer distributed; skein's
// generated protobuf code needs protobuf<4). Skein's Java driver gets its Hadoop classpath from
// `yarn classpath --glob`; the venv holds a `yarn` shim answering from cluster/.work/lib.
// Hadoop's own `yarn application -status` (a JVM client) is measured too, as a second reference.
// Results: bench/results/cli-<date>.json (gitignored).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ResourceManagerClient } from "../src/yarn-rest/index.js";
import { localCluster, ROOT } from "../test/support/cluster.js";
import { distribution, type Distribution } from "./lib/proc.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "10" }, "yarn-runs": { type: "string", default: "3" } },
});
const runs = Number(values.runs);
const yarnRuns = Number(values["yarn-runs"]);
const c = localCluster();
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const venv = join(ROOT, "cluster", ".work", "bench-venv");
const env = {
  ...process.env,
  HADOOP_CONF_DIR: c.confDir,
  HADOOP_USER_NAME: c.user,
  JAVA_HOME: process.env.JAVA_HOME ?? "/usr/lib/jvm/java-17-openjdk-amd64",
  PATH: `${join(venv, "bin")}:${process.env.PATH}`,
};

interface Measured {
  readonly command: string;
  readonly ms: Distribution;
  readonly samples: number[];
}

/** Runs the command `n` times; every run must exit 0 and print the id (a failing tool is not fast). */
function measure(argv: string[], n: number, appId: string): Measured {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = spawnSync(argv[0]!, argv.slice(1), { env, encoding: "utf8", timeout: 120_000 });
    const ms = performance.now() - t0;
    if (r.status !== 0 || !r.stdout.includes(appId)) {
      throw new Error(`${argv.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    samples.push(Math.round(ms));
  }
  return { command: argv.map((a) => a.replace(ROOT, "")).join(" "), ms: distribution(samples), samples };
}

async function sleepApp(): Promise<string> {
  const app = await rm.newApplication();
  await rm.submitApplication({
    applicationId: app.applicationId,
    name: "tsdask-bench-cli",
    // skein refuses reports of applications of any other type ("is not a skein application").
    applicationType: "skein",
    queue: "default",
    resource: { memoryMb: 128, vcores: 1 },
    maxAppAttempts: 1,
    amContainer: { command: "sleep 600" },
  });
  await rm.waitForApplication(app.applicationId, (r) => r.state === "ACCEPTED" || r.state === "RUNNING", {
    timeoutMs: 60_000,
  });
  return app.applicationId;
}

const appId = await sleepApp();
const results: Record<string, Measured> = {};
try {
  results.tsdask = measure([process.execPath, join(ROOT, "dist", "cli.js"), "status", appId], runs, appId);
  if (existsSync(join(venv, "bin", "dask-yarn"))) {
    results.daskYarn = measure([join(venv, "bin", "dask-yarn"), "status", appId], runs, appId);
  } else {
    console.error(`no ${venv}/bin/dask-yarn: see the header of bench/cli.ts; measuring Hadoop's client only`);
  }
  results.yarn = measure([join(ROOT, "cluster", "hadoop"), "yarn", "application", "-status", appId], yarnRuns, appId);
} finally {
  await rm.killApplication(appId, "bench done").catch(() => undefined);
}

const base = results.tsdask!.ms.median;
console.log(`status latency, ${runs} runs each (yarn CLI ${yarnRuns}), ms:`);
console.log("tool".padEnd(34) + "min".padStart(8) + "median".padStart(8) + "p95".padStart(8) + "  ours/theirs");
for (const [name, m] of Object.entries(results)) {
  const ratio = name === "tsdask" ? "" : (base / m.ms.median).toFixed(3);
  const label = { tsdask: "tsdask-yarn status", daskYarn: "dask-yarn status", yarn: "yarn application -status" }[name];
  console.log(
    `${label!.padEnd(34)}${[m.ms.min, m.ms.median, m.ms.p95].map((v) => String(v).padStart(8)).join("")}  ${ratio}`,
  );
}
const dir = join(ROOT, "bench", "results");
mkdirSync(dir, { recursive: true });
const file = join(dir, `cli-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify({ appId, runs, yarnRuns, results }, null, 2) + "\n");
console.log(`wrote ${file}`);
