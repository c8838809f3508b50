// The log files of a running application's containers, read from the NodeManager web services of
// the node each container runs on: GET /ws/v1/node/containers/<id>/logs (the file list) and
// .../logs/<file> (one file). Finished containers' logs are YARN's to aggregate (`yarn logs
// -applicationId`); they are not read here. Simple auth: user.name.
import type { StatusReport } from "../control/index.js";
import { TsdaskError } from "../errors.js";

/** One log file of one container. */
export interface ContainerLog {
  /** The service (e.g. dask.worker), or "appmaster" for the ApplicationMaster. */
  readonly service: string;
  /** e.g. dask.worker_0 */
  readonly instanceId: string;
  readonly containerId: string;
  /** e.g. stdout, stderr */
  readonly file: string;
  readonly text: string;
}

/** A running container whose logs can be read. */
export interface LogTarget {
  readonly service: string;
  readonly instanceId: string;
  readonly containerId: string;
  /** The NodeManager's web address, host:port. */
  readonly node: string;
}

export const AM_SERVICE = "appmaster";

/** The AM's container id from its log link, e.g. …/containerlogs/container_…_000001/root. */
export function amContainerOf(amContainerLogs: string | undefined): string | undefined {
  return /(container_(?:e\d+_)?\d+_\d+_\d+_\d+)/.exec(amContainerLogs ?? "")?.[1];
}

/** The running containers of a status report (plus the AM's, when its report gives its node). */
export function logTargets(
  status: StatusReport,
  am?: { readonly amContainerLogs?: string; readonly amHostHttpAddress?: string },
): LogTarget[] {
  const targets: LogTarget[] = [];
  const amId = amContainerOf(am?.amContainerLogs);
  if (amId && am?.amHostHttpAddress) {
    targets.push({ service: AM_SERVICE, instanceId: AM_SERVICE, containerId: amId, node: am.amHostHttpAddress });
  }
  for (const s of status.services) {
    for (const c of s.containers) {
      if (c.state === "RUNNING" && c.containerId && c.nodeHttpAddress) {
        targets.push({
          service: s.name,
          instanceId: c.instanceId,
          containerId: c.containerId,
          node: c.nodeHttpAddress,
        });
      }
    }
  }
  return targets;
}

function nodeUrl(node: string, path: string, user: string): string {
  const base = /^https?:\/\//.test(node) ? node : `http://${node}`;
  return `${base.replace(/\/+$/, "")}${path}?user.name=${encodeURIComponent(user)}`;
}

async function get(url: string, accept: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: accept }, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new TsdaskError(
      "NM_UNREACHABLE",
      `cannot reach the NodeManager at ${new URL(url).host}: ${(e as Error).message}`,
    );
  }
  if (!res.ok) {
    throw new TsdaskError(
      "NM_HTTP_ERROR",
      `${new URL(url).pathname}: HTTP ${res.status} from the NodeManager`,
      "The container may have finished: its logs are then aggregated; read them with 'yarn logs -applicationId'.",
    );
  }
  return res;
}

/** The NodeManager's JSON ({containerLogsInfo: …}, one object or a list) → file names. */
export function logFileNames(body: unknown): string[] {
  // Hadoop 3.3/3.4 wrap the answer in "containerLogsInfo" (one object or a list).
  const inner = (body as { containerLogsInfo?: unknown } | null)?.containerLogsInfo ?? body;
  const names: string[] = [];
  for (const item of Array.isArray(inner) ? inner : [inner]) {
    const infos = (item as { containerLogInfo?: unknown } | null)?.containerLogInfo;
    for (const f of Array.isArray(infos) ? infos : infos ? [infos] : []) {
      const name = (f as { fileName?: unknown }).fileName;
      if (typeof name === "string" && name) names.push(name);
    }
  }
  return names;
}

/** Every log file (or only `file`) of one running container. */
export async function readContainerLogs(target: LogTarget, user: string, file?: string): Promise<ContainerLog[]> {
  const base = `/ws/v1/node/containers/${encodeURIComponent(target.containerId)}/logs`;
  const names = logFileNames(await (await get(nodeUrl(target.node, base, user), "application/json")).json());
  const out: ContainerLog[] = [];
  for (const name of names.filter((n) => file === undefined || n === file)) {
    const text = await (
      await get(nodeUrl(target.node, `${base}/${encodeURIComponent(name)}`, user), "text/plain")
    ).text();
    out.push({
      service: target.service,
      instanceId: target.instanceId,
      containerId: target.containerId,
      file: name,
      text,
    });
  }
  return out;
}
