// A throw-away local Hadoop for benchmarks that need a bigger or undisturbed cluster: own work dir,
// ports offset, the shared cluster's jars linked in (resolving them again costs minutes).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LocalCluster } from "../../test/support/cluster.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const HADOOP_VERSION = "3.4.2";
export const SHARED_LIB = join(ROOT, "cluster", ".work", `lib-${HADOOP_VERSION}`);

export interface ThrowAwayCluster {
  readonly work: string;
  readonly env: NodeJS.ProcessEnv;
  readonly info: LocalCluster;
  /** `cluster/hadoop <args>` against this cluster. */
  hadoop(args: string[], timeoutMs?: number): { status: number; stdout: string; stderr: string };
  /** Stops the daemons and their containers and deletes the work dir. Safe to call twice. */
  destroy(): void;
}

export function startCluster(portOffset: number, upArgs: string[]): ThrowAwayCluster {
  const work = mkdtempSync(join(tmpdir(), "tsdask-bench-am-"));
  const env = { ...process.env, TSDASK_CLUSTER_DIR: work, TSDASK_PORT_OFFSET: String(portOffset) };
  const hadoop = (args: string[], timeoutMs = 300_000) => {
    const r = spawnSync(join(ROOT, "cluster", "hadoop"), args, { env, encoding: "utf8", timeout: timeoutMs });
    return { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  };
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    hadoop(["down"]);
    rmSync(work, { recursive: true, force: true });
  };
  if (existsSync(SHARED_LIB)) {
    mkdirSync(work, { recursive: true });
    symlinkSync(SHARED_LIB, join(work, `lib-${HADOOP_VERSION}`));
  }
  const up = hadoop(["up", ...upArgs]);
  if (up.status !== 0) {
    destroy();
    throw new Error(`cluster/hadoop up failed:\n${up.stderr.split("\n").slice(-20).join("\n")}`);
  }
  const info = JSON.parse(readFileSync(join(work, "run", "state.json"), "utf8")) as LocalCluster;
  return { work, env, info, hadoop, destroy };
}

export async function rmJson(cluster: ThrowAwayCluster, path: string): Promise<any> {
  const r = await fetch(`${cluster.info.rmWeb}${path}`, { signal: AbortSignal.timeout(10_000) });
  if (!r.ok) throw new Error(`GET ${path} -> ${r.status}`);
  return r.json();
}

/** The AM container id of an application's first attempt, from the RM. */
export async function amContainerId(cluster: ThrowAwayCluster, appId: string): Promise<string> {
  const j = await rmJson(cluster, `/ws/v1/cluster/apps/${appId}/appattempts`);
  const id = j.appAttempts?.appAttempt?.[0]?.containerId as string | undefined;
  if (!id) throw new Error(`no AM container for ${appId} yet`);
  return id;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `f` every `everyMs` until it returns a value; throws after `timeoutMs`. */
export async function poll<T>(what: string, f: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await f();
    if (v !== undefined) return v;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}
