// Readiness probes over the daemons' own HTTP endpoints. Each wait also watches the
// daemon's process, so a daemon that dies during start fails fast with its log tail.
import { HOST } from "./layout.js";
import { alive } from "./processes.js";
import type { WebAccess } from "./web-access.js";

export class DaemonDied extends Error {
  constructor(readonly daemon: string) {
    super(`${daemon} exited during start`);
  }
}

export class NotReady extends Error {}

/** Polls `probe` until it returns a value, the timeout passes, or one of the watched pids dies. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  watch: Record<string, number>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    for (const [name, pid] of Object.entries(watch)) if (!alive(pid)) throw new DaemonDied(name);
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() > deadline)
      throw new NotReady(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last})` : ""}`,
      );
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** NameNode operational (out of safe mode) with at least one live DataNode. */
export async function hdfsReady(w: WebAccess): Promise<true | undefined> {
  const b = (await w.getJson(`${w.nnWeb}/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState`)).beans?.[0];
  return b && b.FSState === "Operational" && b.NumLiveDataNodes >= 1 ? true : undefined;
}

export async function rmStarted(w: WebAccess): Promise<true | undefined> {
  const info = (await w.getJson(`${w.rmWeb}/ws/v1/cluster/info`)).clusterInfo;
  return info?.state === "STARTED" && info?.haState === "ACTIVE" ? true : undefined;
}

/** The NodeManagers RUNNING in the RM, when all `count` of them are. */
export async function nodesRunning(w: WebAccess, count: number): Promise<string[] | undefined> {
  const nodes = (await w.getJson(`${w.rmWeb}/ws/v1/cluster/nodes?states=RUNNING`)).nodes?.node ?? [];
  const webs = new Set(Array.from({ length: count }, (_, i) => w.nmAddress(i)));
  const ours = nodes.filter(
    (n: any) => webs.has(n.nodeHTTPAddress) || webs.has(n.nodeHTTPAddress.replace("localhost", HOST)),
  );
  return ours.length >= count ? nodes.map((n: any) => n.id as string) : undefined;
}

/** WebHDFS call as the HDFS superuser (root started the NameNode; root@REALM on the secure cluster). */
export async function webhdfs(w: WebAccess, method: string, path: string, op: string, extra = ""): Promise<any> {
  return w.getJson(`${w.nnWeb}/webhdfs/v1${path}?op=${op}${w.asAdmin}${extra}`, method);
}
