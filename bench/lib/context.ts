// The cluster and environments the cluster scenarios run against: `cluster/hadoop up` with the
// options a scenario needs (a no-op when the cluster already runs with them, a restart otherwise),
// our packed dask environment and the peer venv (dask-yarn + Skein), both built once and cached.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { localCluster } from "../../test/support/cluster.js";
import { ROOT } from "./cluster.js";
import type { BenchContext } from "./scenario.js";

export const step = (what: string, argv: string[], env = process.env, timeoutMs = 1_800_000) => {
  console.error(`[bench] ${what}`);
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, env, encoding: "utf8", timeout: timeoutMs });
  return { ok: r.status === 0, stdout: (r.stdout ?? "").trim(), stderr: r.stderr ?? "" };
};

// Room for 32 workers + scheduler + AM of one tool at a time (512 MiB / 1 vcore each), the
// scheduler tuned as a site with many small containers would be, and localization as a site with
// libhadoop does it (--local-fs nio). A scenario may ask for others.
export const CLUSTER_OPTIONS: readonly string[] = [
  ...["--nm-memory-mb", "20480", "--nm-vcores", "40"],
  ...["--many-small-containers", "--local-fs", "nio"],
];

export type Settings = Pick<BenchContext, "runs" | "heavyRuns" | "workers" | "containers" | "soak">;

let envs: Pick<BenchContext, "peer" | "daskEnv"> | undefined;

const WITHOUT_ENVIRONMENTS: Pick<BenchContext, "peer" | "daskEnv"> = {
  peer: { missing: "not built: this run's scenarios need no peer" },
  daskEnv: "",
};

export function clusterContext(options: readonly string[], settings: Settings, environments = true): BenchContext {
  const up = step(`cluster/hadoop up ${options.join(" ")} (restarts a cluster with other options)`, [
    join(ROOT, "cluster", "hadoop"),
    "up",
    ...options,
  ]);
  if (!up.ok) throw new Error(`cluster/hadoop up failed:\n${up.stderr.slice(-2000)}`);
  const cluster = localCluster();
  const hadoopLib = join(
    process.env.TSDASK_CLUSTER_DIR ?? join(ROOT, "cluster", ".work"),
    `lib-${cluster.hadoopVersion}`,
  );
  if (environments) envs ??= buildEnvironments(hadoopLib);
  const { peer, daskEnv } = environments ? envs! : (envs ?? WITHOUT_ENVIRONMENTS);
  const env = {
    ...process.env,
    HADOOP_CONF_DIR: cluster.confDir,
    HADOOP_USER_NAME: cluster.user,
    JAVA_HOME: process.env.JAVA_HOME ?? "/usr/lib/jvm/java-17-openjdk-amd64",
    // Skein's driver finds the Hadoop jars through the venv's `yarn classpath` shim.
    PATH: "dir" in peer ? `${join(peer.dir, "venv", "bin")}:${process.env.PATH}` : process.env.PATH,
  };
  return { ...settings, peer, daskEnv, env, cluster, hadoopLib };
}

function buildEnvironments(hadoopLib: string): Pick<BenchContext, "peer" | "daskEnv"> {
  const daskEnv = step("cluster/dask-env/build (cached)", [join(ROOT, "cluster", "dask-env", "build")]);
  if (!daskEnv.ok) throw new Error(`cluster/dask-env/build failed:\n${daskEnv.stderr.slice(-2000)}`);
  const peerVenv = step("bench/peer-env/build (dask-yarn + Skein, cached)", [
    join(ROOT, "bench", "peer-env", "build"),
    hadoopLib,
  ]);
  const peer: BenchContext["peer"] = peerVenv.ok
    ? { dir: peerVenv.stdout }
    : { missing: `bench/peer-env/build failed: ${peerVenv.stderr.slice(-500)}` };
  return { peer, daskEnv: daskEnv.stdout };
}
