// What the AM wants from its ContainerBackend: per service its rank (who is served first), the
// shape of its containers, and how many it still waits for. Pure, on the model.
import type { ApplicationSpec, ServiceSpec } from "../spec/types.js";
import type { SlotShape, Wanted } from "./backend.js";
import type { AppModel, ServiceState } from "./model.js";

/**
 * Lower ranks (YARN priorities) are served first by the schedulers within one application. What a
 * batch job cannot run without comes first: the dask scheduler, then the client script, then other
 * services, the workers last. Workers asked before the client could take the whole queue and leave
 * the script waiting forever; this way the script runs with the workers the cluster can give.
 */
const ROLE_RANK: Readonly<Record<string, number>> = { "dask.scheduler": 0, "dask.client": 1, "dask.worker": 3 };
const OTHER_RANK = 2;

/** Service name → rank (1, 2, …; the YARN priority), ranked by role, spec order within a rank. */
export function priorityOrder(spec: ApplicationSpec): Map<string, number> {
  const rank = (s: ServiceSpec) => (s.role !== undefined ? (ROLE_RANK[s.role] ?? OTHER_RANK) : OTHER_RANK);
  const ranked = Object.entries(spec.services)
    .map(([name, s], i) => ({ name, rank: rank(s), i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  return new Map(ranked.map((r, i) => [r.name, i + 1]));
}

/** The shape of a service's containers, from its spec. */
export function shapeOf(s: ServiceSpec): SlotShape {
  return {
    memoryMiB: s.memoryMiB,
    vcores: s.vcores,
    resources: s.resources,
    nodes: s.nodes,
    racks: s.racks,
    relaxLocality: s.relaxLocality,
    ...(s.nodeLabel !== undefined ? { nodeLabel: s.nodeLabel } : {}),
  };
}

/** Every service's want now (0 included: it cancels what the backend still holds for it). */
export function wantsOf(model: AppModel): Wanted[] {
  return [...model.services.values()].map((svc) => ({
    service: svc.name,
    rank: svc.rank,
    shape: shapeOf(svc.spec),
    count: model.outstanding(svc),
  }));
}

/**
 * A diagnostic naming the first resource type a service asks for that the RM does not know, or
 * undefined. A YARN RM would otherwise skip the unknown entry with only a warning in its own log and
 * allocate containers without it. `known` empty: an RM too old to list its types; nothing to check.
 */
export function unknownResourceTypes(services: Iterable<ServiceState>, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  for (const svc of services) {
    for (const type of Object.keys(svc.spec.resources)) {
      if (!known.includes(type))
        return `service '${svc.name}' asks for resource type '${type}', which this cluster does not have (it has ${known.join(", ")})`;
    }
  }
  return undefined;
}

/** Running instances over desired ones, 0..1: the progress the backend shows (YARN: the RM's UI). */
export function progressOf(model: AppModel): number {
  let desired = 0;
  let running = 0;
  for (const s of model.services.values()) {
    desired += s.desired;
    running += s.records.filter((r) => r.phase === "running").length;
  }
  return desired === 0 ? 1 : Math.min(1, running / desired);
}
