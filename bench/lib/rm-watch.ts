// One way to watch an application for every tool the container scenarios compare: the
// ResourceManager's REST view, polled. "Registered" is the first poll that sees the application
// RUNNING (the RM moves it there when the AM registers); "allocated" the first whose
// runningContainers (the scheduler's live containers: allocated, not necessarily started) counts
// the AM plus the N asked for; "all running" the first where the attempt's container list shows
// N + 1 in state RUNNING (the RM sets it when a NodeManager reports the container launched). The AM's process is found in
// /proc by its container id and its container's size read from the NodeManager that runs it, so
// ours, Skein's and DistributedShell's AM are measured by the same code.
import { sleep } from "./cluster.js";
import { findContainerProcess, procMemory } from "./proc.js";

const POLL_MS = 100;

/** GET of a JSON document; with `missingOk` a 404 gives undefined (an id not submitted yet). */
export async function getJson(url: string, missingOk = false): Promise<any> {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (missingOk && r.status === 404) return undefined;
  if (!r.ok) throw new Error(`GET ${url} -> ${r.status}`);
  return r.json();
}

export interface AllRunning {
  readonly appId: string;
  /** Epoch ms of the first poll that saw the application RUNNING (its AM registered). */
  readonly registeredAt: number;
  /** Epoch ms of the first poll that saw the AM and all N containers allocated. */
  readonly allocatedAt: number;
  /** Epoch ms of the first poll that saw the AM and all N containers RUNNING on their nodes. */
  readonly allRunningAt: number;
}

/**
 * Polls the RM until `appId()` names an application and it runs n containers besides its AM.
 * Fails at once when the application ends first, with the RM's diagnostics.
 */
export async function untilAllRunning(
  rmWeb: string,
  appId: () => Promise<string | undefined>,
  n: number,
  timeoutMs: number,
): Promise<AllRunning> {
  const end = Date.now() + timeoutMs;
  let registeredAt: number | undefined;
  let allocatedAt: number | undefined;
  let seen = "no application id yet";
  while (Date.now() < end) {
    const id = await appId();
    // Our launcher knows the id from new-application, before the RM has the submission: 404 then.
    const app = id ? (await getJson(`${rmWeb}/ws/v1/cluster/apps/${id}`, true))?.app : undefined;
    if (id && app) {
      const now = Date.now();
      seen = `${id} ${app.state}, ${app.runningContainers ?? 0} container(s) running`;
      if (["FINISHED", "FAILED", "KILLED"].includes(app.state))
        throw new Error(`${id} ended (${app.state}) before ${n} containers ran: ${app.diagnostics}`);
      if (app.state === "RUNNING") registeredAt ??= now;
      if (registeredAt !== undefined && app.runningContainers >= n + 1) allocatedAt ??= now;
      if (allocatedAt !== undefined && (await runningContainers(rmWeb, id)) >= n + 1)
        return { appId: id, registeredAt: registeredAt!, allocatedAt, allRunningAt: Date.now() };
    }
    await sleep(POLL_MS);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${n} running containers (last seen: ${seen})`);
}

async function runningContainers(rmWeb: string, appId: string): Promise<number> {
  const attempts = (await getJson(`${rmWeb}/ws/v1/cluster/apps/${appId}/appattempts`)).appAttempts?.appAttempt ?? [];
  const attemptId = attempts.at(-1)?.appAttemptId as string;
  const body = await getJson(`${rmWeb}/ws/v1/cluster/apps/${appId}/appattempts/${attemptId}/containers`);
  // Hadoop 3.4 answers {"container": one object or a list}; older ones wrap it in "containers".
  const list = body.containers?.container ?? body.container ?? [];
  return (Array.isArray(list) ? list : [list]).filter((c: any) => c.containerState === "RUNNING").length;
}

export interface AmFootprint {
  readonly rssBytes: number;
  readonly anonBytes: number;
  /** The AM container as its NodeManager sized it. */
  readonly containerMb: number;
  readonly containerVcores: number;
}

/** The AM's resident memory (/proc VmRSS of its `exe` process) and its container's size. */
export async function amFootprint(rmWeb: string, appId: string, exe: "node" | "java"): Promise<AmFootprint> {
  const app = (await getJson(`${rmWeb}/ws/v1/cluster/apps/${appId}`)).app;
  const attempts = (await getJson(`${rmWeb}/ws/v1/cluster/apps/${appId}/appattempts`)).appAttempts?.appAttempt ?? [];
  const containerId = attempts.at(-1)?.containerId as string | undefined;
  if (!containerId) throw new Error(`the RM names no AM container for ${appId}`);
  const pid = findContainerProcess(containerId, exe);
  if (pid === undefined) throw new Error(`no ${exe} process runs in ${containerId} (read from /proc)`);
  const nm = (await getJson(`http://${app.amHostHttpAddress}/ws/v1/node/containers/${containerId}`)).container;
  const mem = procMemory(pid);
  return {
    rssBytes: mem.rssBytes,
    anonBytes: mem.anonBytes,
    containerMb: Number(nm.totalMemoryNeededMB),
    containerVcores: Number(nm.totalVCoresNeeded),
  };
}
