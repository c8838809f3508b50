// The throw-away Hadoop 3.3.6 cluster of the compatibility suite: one NodeManager (16 vcores), two AM
// attempts, started once for the file and deleted after it. Its work dir is under the tmp dir
// (TSDASK_COMPAT_CLUSTER_DIR), its port offset TSDASK_COMPAT_OFFSET (default 4000). The 3.3.6 jars
// (Maven Central, cached in ~/.m2) and the packed dask environment are resolved once in the main
// work dir and shared by symlinks. Import this first: it points TSDASK_CLUSTER_DIR and
// TSDASK_HADOOP_VERSION at the 3.3.6 cluster, which test/support/cluster.ts reads when it loads.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export const COMPAT_VERSION = "3.3.6";
const mainDir = process.env.TSDASK_CLUSTER_DIR ?? join(ROOT, "cluster", ".work");
export const COMPAT_DIR = process.env.TSDASK_COMPAT_CLUSTER_DIR ?? join(tmpdir(), `tsdask-compat-${COMPAT_VERSION}`);
const COMPAT_OFFSET = process.env.TSDASK_COMPAT_OFFSET ?? "4000";

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: timeoutMs, env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-3000)}`);
  return r.stdout;
}

const hadoop = join(ROOT, "cluster", "hadoop");
run(join(ROOT, "cluster", "dask-env", "build"), [], process.env, 900_000);
const lib = run(hadoop, ["jars"], { ...process.env, TSDASK_HADOOP_VERSION: COMPAT_VERSION }, 900_000).trim();
mkdirSync(COMPAT_DIR, { recursive: true });
for (const [from, name] of [
  [join(mainDir, "dask-env"), "dask-env"],
  [lib, basename(lib)],
] as const)
  if (!existsSync(join(COMPAT_DIR, name))) symlinkSync(from, join(COMPAT_DIR, name));

process.env.TSDASK_CLUSTER_DIR = COMPAT_DIR;
process.env.TSDASK_PORT_OFFSET = COMPAT_OFFSET;
process.env.TSDASK_HADOOP_VERSION = COMPAT_VERSION;
const t0 = Date.now();
// Two dask jobs at once (AM, scheduler, client and 2 workers each, 5 vcores or more) must both fit,
// or each holds what the other waits for: 8 vcores (the default) deadlocked a run.
run(hadoop, ["up", "--nm-vcores", "16"], process.env, 600_000);
/** How long `cluster/hadoop up` took (jars already resolved). */
export const startSeconds = (Date.now() - t0) / 1000;

/** Stops the cluster and deletes its work dir (TSDASK_COMPAT_KEEP=1 keeps both, for a look at the logs). */
export function stopCompatCluster(): void {
  if (process.env.TSDASK_COMPAT_KEEP === "1") return;
  run(hadoop, ["down"], process.env, 120_000);
  rmSync(COMPAT_DIR, { recursive: true, force: true });
}
