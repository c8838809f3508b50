// Shared by the launcher integration tests: a spec for the local cluster with its own HDFS
// staging root (so "uploaded once" starts from an empty cache), the packed dask environment,
// and a tracker that kills every application a test created, even when the test fails.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { SubmitEvent } from "../../../src/launcher/index.js";
import { specFromYaml, type ApplicationSpec } from "../../../src/spec/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { ROOT, localCluster } from "../../support/cluster.js";

export const cluster = localCluster();
export const rm = new ResourceManagerClient({ urls: [cluster.rmWeb], user: cluster.user });
export const hdfs = new WebHdfsClient({ urls: [cluster.nnWeb], user: cluster.user });

/** The venv-pack archive of cluster/dask-env (built once, cached by the script). */
export function daskEnvironment(): string {
  const r = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
  if (r.status !== 0) throw new Error(`cluster/dask-env/build failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** A spec for the local cluster; `extra` top-level keys (YAML flow values) replace the defaults. */
export function testSpec(
  stagingRoot: string,
  extra: Record<string, string> = {},
  environment?: string,
): ApplicationSpec {
  const keys: Record<string, string> = {
    name: `tsdask-it-launcher-${process.pid}`,
    "staging-dir": stagingRoot,
    hadoop: `{conf-dir: ${cluster.confDir}}`,
    tags: "[tsdask-it-launcher]",
    "max-attempts": "1",
    master: "{memory: 256 MiB}",
    scheduler: "{memory: 512 MiB}",
    worker: "{count: 0, memory: 512 MiB}",
    ...(environment ? { environment } : {}),
    ...extra,
  };
  const yaml = Object.entries(keys)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
  return specFromYaml(yaml, { cwd: ROOT });
}

/** Collects submit events and remembers the application id so after() can kill it. */
export class Recorder {
  readonly events: SubmitEvent[] = [];
  static readonly apps: string[] = [];
  readonly onEvent = (e: SubmitEvent): void => {
    this.events.push(e);
    if (e.kind === "new-application") Recorder.apps.push(e.appId);
  };
  get appId(): string | undefined {
    const e = this.events.find((x) => x.kind === "new-application");
    return e?.kind === "new-application" ? e.appId : undefined;
  }
  uploads(): Extract<SubmitEvent, { kind: "uploaded" }>[] {
    return this.events.filter((e): e is Extract<SubmitEvent, { kind: "uploaded" }> => e.kind === "uploaded");
  }
}

/** Kills whatever is still running of the applications the tests created. */
export async function killLeftovers(): Promise<void> {
  for (const id of Recorder.apps) {
    const r = await rm.applicationReport(id).catch(() => undefined);
    if (r && !TERMINAL_STATES.includes(r.state)) await rm.killApplication(id, "test cleanup").catch(() => undefined);
  }
}

/** The RM never heard of `appId` (new-application alone does not create an application). */
export async function rmKnows(appId: string): Promise<boolean> {
  try {
    await rm.applicationReport(appId);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "YARN_NOT_FOUND") return false;
    throw e;
  }
}
