// The throw-away two-NodeManager cluster of the fault tests (one start for the whole file): its
// own work dir (TSDASK_FAULT_CLUSTER_DIR) and port offset (TSDASK_FAULT_OFFSET, default 14000), RM
// recovery on and NodeManagers declared lost after 15 s. It is also the simple-auth cluster with
// YARN ACLs on (--acls) that test/e2e/cli/session-user.test.ts needs, so CI starts no cluster for
// that suite (requests without user.name are anonymous and still see everything). It shares the
// packed dask environment of the main cluster dir. Import this first: it points
// TSDASK_CLUSTER_DIR at the fault cluster.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Not imported from test/support/cluster.ts: that module reads TSDASK_CLUSTER_DIR when it loads,
// which must be after this one pointed it at the fault cluster.
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

const mainDir = process.env.TSDASK_CLUSTER_DIR ?? join(ROOT, "cluster", ".work");
export const FAULT_DIR = process.env.TSDASK_FAULT_CLUSTER_DIR ?? join(ROOT, "cluster", ".work-faults");
export const FAULT_OFFSET = Number(process.env.TSDASK_FAULT_OFFSET ?? 14000);
export const NM_EXPIRY_MS = 15_000;
/** `cluster/hadoop up` options; test/e2e/cli/rm-restart.test.ts starts the same cluster with them. */
export const FAULT_CLUSTER_OPTIONS = ["--nodes", "2", "--recovery", "--nm-expiry-ms", String(NM_EXPIRY_MS), "--acls"];

function run(cmd: string, args: string[], timeoutMs: number): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: timeoutMs, env: process.env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-3000)}`);
  return r.stdout;
}

// The packed dask environment is built (or found) in the main dir, then shared by a symlink.
run(join(ROOT, "cluster", "dask-env", "build"), [], 900_000);
mkdirSync(FAULT_DIR, { recursive: true });
if (!existsSync(join(FAULT_DIR, "dask-env"))) symlinkSync(join(mainDir, "dask-env"), join(FAULT_DIR, "dask-env"));
process.env.TSDASK_CLUSTER_DIR = FAULT_DIR;
process.env.TSDASK_PORT_OFFSET = String(FAULT_OFFSET);
run(join(ROOT, "cluster", "hadoop"), ["up", ...FAULT_CLUSTER_OPTIONS], 600_000);

/** `cluster/hadoop kill|restart DAEMON` on the fault cluster. */
export function fault(action: "kill" | "restart", daemon: string): void {
  run(join(ROOT, "cluster", "hadoop"), [action, daemon], 240_000);
}

export function stopFaultCluster(): void {
  if (process.env.TSDASK_FAULT_KEEP !== "1") run(join(ROOT, "cluster", "hadoop"), ["down"], 120_000);
}

/** The daemon name (nodemanager0/1) of a NodeManager id host:port (RPC port 8041 + 100 i + offset). */
export function nodeManagerOf(nodeId: string): string {
  const i = (Number(nodeId.split(":").pop()) - 8041 - FAULT_OFFSET) / 100;
  if (i !== 0 && i !== 1) throw new Error(`${nodeId} is not a NodeManager of the fault cluster`);
  return `nodemanager${i}`;
}
