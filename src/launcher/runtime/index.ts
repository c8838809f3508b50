// The Node the cluster runs on, chosen for the nodes (see resolve.ts).
import type { ApplicationSpec, RuntimeInfo } from "../../spec/index.js";
import type { ClusterClients } from "../cluster.js";
import type { RuntimeArchiveOptions } from "../runtime-archive.js";
import { nodesPlatform } from "./nodes-platform.js";
import { resolveRuntime } from "./resolve.js";

export { describeRuntime, resolveRuntime, type ResolvedRuntime } from "./resolve.js";
export { prepareRuntime, preparedRuntime, preparedPlatforms, WHEEL_VERSION, type PreparedRuntime } from "./prepared.js";
export { NODE_PLATFORMS, chooseAuto, type NodePlatform } from "./choose.js";
export { binaryFacts, type BinaryFacts } from "./elf.js";
export { nodesPlatform } from "./nodes-platform.js";
export { classifyEarlyDeath } from "./early-death.js";

/**
/** The runtime for a submit: what the spec asks for, read for this cluster's nodes. */
export async function chooseRuntime(
  session: Pick<ClusterClients, "rm" | "nodeAccess">,
  spec: ApplicationSpec,
): Promise<{ info: RuntimeInfo; archive: Pick<RuntimeArchiveOptions, "nodeBinary" | "nodeShim"> }> {
  const nodes = await nodesPlatform(session);
  const r = await resolveRuntime(spec.runtime, {
    nodes,
    ...(spec.environment ? { environment: spec.environment } : {}),
  });
  const archive = r.nodeShim !== undefined ? { nodeShim: r.nodeShim } : { nodeBinary: r.nodeBinary! };
  return { info: r.info, archive };
}
