// Shared by the AM integration tests: fresh AM and service bundles built from the sources (so a
// test never runs a stale dist/), a spec for the local cluster, a tracker that kills every
// application a test started, and small polling helpers.
import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildRuntimeBundles } from "../../support/bundles.js";
import type { StatusReport } from "../../../src/control/index.js";
import { connect, kill, submit, type RunningApplication, type SubmitEvent } from "../../../src/launcher/index.js";
import { specFromYaml } from "../../../src/spec/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ROOT, localCluster } from "../../support/cluster.js";

export const cluster = localCluster();
export const hdfs = new WebHdfsClient({ urls: [cluster.nnWeb], user: cluster.user });
const started: string[] = [];

/** Submit events: remembers every application id so killLeftovers() can kill it. */
export const trackApps = (e: SubmitEvent): void => {
  if (e.kind === "new-application") started.push(e.appId);
};

let dist: Promise<string> | undefined;
/** dist/appmaster.js and dist/service.js built from the current sources into a temp dir. */
export function bundles(): Promise<string> {
  dist ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "tsdask-am-dist-"));
    await buildRuntimeBundles(dir);
    return dir;
  })();
  return dist;
}

/** A directory the containers (root on this machine) write into and the test reads. */
export function sharedDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(d, 0o777);
  return d;
}

/** Submits `services:` YAML lines (indented under services) with no dask services. */
export async function submitServices(name: string, services: string[]): Promise<RunningApplication> {
  const yaml = [
    `name: tsdask-it-am-${name}`,
    `hadoop: {conf-dir: ${cluster.confDir}}`,
    "tags: [tsdask-it-am]",
    "max-attempts: 1",
    "master: {memory: 256 MiB}",
    "dask: false",
    "services:",
    ...services.map((l) => `  ${l}`),
  ].join("\n");
  const spec = specFromYaml(yaml, { cwd: ROOT, allowMissingEnvironment: true });
  const app = await submit(spec, {
    runtime: { distDir: await bundles() },
    onEvent: trackApps,
  });
  return app;
}

/** Kills whatever the tests started that is still running. */
export async function killLeftovers(): Promise<void> {
  for (const id of started) await kill(id, { hadoop: { confDir: cluster.confDir } }).catch(() => undefined);
}

/** Polls the AM's status until `ok` holds. */
export async function until(
  app: RunningApplication,
  what: string,
  ok: (s: StatusReport) => boolean,
  timeoutMs = 90_000,
): Promise<StatusReport> {
  const end = Date.now() + timeoutMs;
  let last: StatusReport | undefined;
  while (Date.now() < end) {
    last = await app.client.status();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last?.services, null, 1)}`);
}

/** Polls the AM's status through a fresh connection each time (it may be a new attempt by then). */
export async function untilStatus(
  appId: string,
  what: string,
  ok: (s: StatusReport) => boolean,
  timeoutMs: number,
): Promise<StatusReport> {
  const end = Date.now() + timeoutMs;
  let last: StatusReport | undefined;
  while (Date.now() < end) {
    last = await connect(appId, { hadoop: { confDir: cluster.confDir } })
      .then((a) => a.client.status())
      .catch(() => undefined);
    if (last && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last?.services, null, 1)}`);
}

/** The AM's state journal (journal.json in the staging dir), as the next attempt will read it. */
export async function readJournal(stagingDir: string): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of await hdfs.open(`${stagingDir}/journal.json`)) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

export const counts = (s: StatusReport, service: string) => s.services.find((x) => x.name === service)!.counts;

/** Ids of a service's RUNNING containers, sorted. */
export const containerIds = (s: StatusReport, service: string) =>
  s.services
    .find((x) => x.name === service)!
    .containers.filter((c) => c.state === "RUNNING")
    .map((c) => c.containerId!)
    .sort();
