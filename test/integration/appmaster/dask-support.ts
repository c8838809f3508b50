// Shared by the AM's dask integration tests: the packed environment, submitting a dask app from
// spec lines, the test's own Python (the venv the environment was packed from) and the
// scheduler's view of its workers.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { submit, type RunningApplication } from "../../../src/launcher/index.js";
import { specFromYaml } from "../../../src/spec/index.js";
import { ROOT } from "../../support/cluster.js";
import { venvPython as supportVenvPython } from "../../support/dask-python.js";
import { bundles, cluster, trackApps } from "./support.js";

let env: string | undefined;
/** The packed dask environment (built once, cached by cluster/dask-env/build). */
export function daskEnvironment(): string {
  if (env) return env;
  const r = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
  if (r.status !== 0) throw new Error(`cluster/dask-env/build failed: ${r.stderr}`);
  return (env = r.stdout.trim());
}

/** The venv python the environment was packed from (under $TSDASK_CLUSTER_DIR when set): same dask as the cluster's. */
export function venvPython(): string {
  daskEnvironment();
  return supportVenvPython();
}

/**
 * Submits a dask application: `lines` are top-level spec lines (scheduler:, worker:, idle-timeout:...).
 * `maxAttempts` 2 for recovery tests; `registrationTimeoutMs` longer when the cluster may be full.
 */
export async function submitDask(
  name: string,
  lines: string[],
  opts: { maxAttempts?: number; registrationTimeoutMs?: number } = {},
): Promise<RunningApplication> {
  const spec = specFromYaml(
    [
      `name: tsdask-it-am-${name}`,
      `hadoop: {conf-dir: ${cluster.confDir}}`,
      "tags: [tsdask-it-am]",
      `max-attempts: ${opts.maxAttempts ?? 1}`,
      "master: {memory: 256 MiB}",
      `environment: ${daskEnvironment()}`,
      ...lines,
    ].join("\n"),
    { cwd: ROOT },
  );
  const { registrationTimeoutMs } = opts;
  return submit(spec, {
    runtime: { distDir: await bundles() },
    onEvent: trackApps,
    ...(registrationTimeoutMs ? { registrationTimeoutMs } : {}),
  });
}

/** Worker names the scheduler knows, sorted (GET /api/v1/get_workers with the app secret). */
export async function schedulerWorkers(dashboard: string, secret: string): Promise<string[]> {
  const r = await fetch(`${dashboard}/api/v1/get_workers`, {
    headers: { Authorization: `Bearer ${secret}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!r.ok) throw new Error(`get_workers answered HTTP ${r.status}`);
  const body = (await r.json()) as { workers: { name: string }[] };
  return body.workers.map((w) => String(w.name)).sort();
}

/** The RM's record of an application (REST), for final status and diagnostics. */
export async function rmApp(appId: string): Promise<{ state: string; finalStatus: string; diagnostics: string }> {
  const r = await fetch(`${cluster.rmWeb}/ws/v1/cluster/apps/${appId}`, { signal: AbortSignal.timeout(10_000) });
  if (!r.ok) throw new Error(`RM REST apps/${appId} answered HTTP ${r.status}`);
  return ((await r.json()) as { app: { state: string; finalStatus: string; diagnostics: string } }).app;
}
