// The CPU of the cluster's nodes, learned before anything is uploaded: YARN's REST API says nothing
// about it, but every NodeManager is a JVM whose /jmx serves java.lang:type=OperatingSystem with
// its os.arch (amd64, aarch64). Best effort: a cluster whose NodeManagers do not answer (firewalled
// web ports) gives undefined, and auto then assumes the launcher's platform.
import type { ClusterClients } from "../cluster.js";
import { nodeManagerGet } from "../logs/container-logs.js";
import { platformOfJvmArch, type NodePlatform } from "./choose.js";

/** How many NodeManagers are asked (a mixed cluster shows up as two platforms: undefined then). */
const ASKED = 3;

/** os.arch from a /jmx answer, or undefined. */
export function jvmArchOf(body: unknown): string | undefined {
  const beans = (body as { beans?: unknown } | null)?.beans;
  if (!Array.isArray(beans)) return undefined;
  const os = beans.find((b) => (b as { name?: unknown }).name === "java.lang:type=OperatingSystem") as
    { Arch?: unknown } | undefined;
  return typeof os?.Arch === "string" ? os.Arch : undefined;
}

export async function nodesPlatform(
  session: Pick<ClusterClients, "rm" | "nodeAccess">,
): Promise<NodePlatform | undefined> {
  try {
    const nodes = (await session.rm.nodes(["RUNNING"])).slice(0, ASKED);
    const seen = new Set<NodePlatform | undefined>();
    await Promise.all(
      nodes.map(async (n) => {
        const body = await nodeManagerGet(n.nodeHttpAddress, "/jmx", session.nodeAccess, "application/json", {
          qry: "java.lang:type=OperatingSystem",
        }).catch(() => undefined);
        if (body) seen.add(platformOfJvmArch(jvmArchOf(JSON.parse(body.toString("utf8")))));
      }),
    );
    return seen.size === 1 ? [...seen][0] : undefined;
  } catch {
    return undefined;
  }
}
