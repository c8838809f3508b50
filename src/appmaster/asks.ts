// Resource requests. On the RM an ask is the ABSOLUTE number of containers outstanding per
// (priority, allocationRequestId, resourceName), replaced by every new ask for that key (notes §5.2):
// so the AM sends a service's whole outstanding count, and only when it differs from what the RM
// holds. The RM lowers its count by itself for every container it allocates; AskTable mirrors that,
// so a satisfied ask is not sent again and a cancelled one is sent once as 0.
import type { ResourceRequest } from "../hadoop-rpc/index.js";
import type { ServiceState } from "./model.js";

export const ANY = "*";

/**
 * The requests for one service with `count` outstanding. Without nodes/racks: one "*" entry. With
 * them: an entry per node and rack plus "*" (YARN needs all three levels), "*" relaxed only when the
 * spec allows it. The node label goes on "*" only: YARN ignores it elsewhere.
 */
export function serviceAsks(svc: ServiceState, count: number): ResourceRequest[] {
  const s = svc.spec;
  const capability: ResourceRequest["capability"] = { memoryMb: s.memoryMiB, vcores: s.vcores };
  // Extra resource types (yarn.io/gpu, …) go into resource_value_map; left out when there are none.
  if (Object.keys(s.resources).length) capability.others = { ...s.resources };
  const located = s.nodes.length > 0 || s.racks.length > 0;
  const out: ResourceRequest[] = [];
  for (const name of [...s.nodes, ...s.racks]) {
    out.push({ priority: svc.priority, resourceName: name, capability, numContainers: count, relaxLocality: true });
  }
  out.push({
    priority: svc.priority,
    resourceName: ANY,
    capability,
    numContainers: count,
    relaxLocality: located ? s.relaxLocality : true,
    ...(s.nodeLabel !== undefined ? { nodeLabelExpression: s.nodeLabel } : {}),
  });
  return out;
}

/** What the RM holds per priority (its "*" count), as far as the AM can tell. */
export class AskTable {
  private readonly held = new Map<number, number>();

  /**
   * The requests to send for these services and their outstanding counts: those whose count differs
   * from the RM's. Call committed() with the result once the allocate carrying them succeeded.
   */
  changes(wanted: ReadonlyArray<{ svc: ServiceState; count: number }>): ResourceRequest[] {
    const out: ResourceRequest[] = [];
    for (const { svc, count } of wanted) {
      if ((this.held.get(svc.priority) ?? 0) !== count) out.push(...serviceAsks(svc, count));
    }
    return out;
  }

  /** The RM accepted these asks. */
  committed(asks: readonly ResourceRequest[]): void {
    for (const a of asks) if (a.resourceName === ANY) this.held.set(a.priority, a.numContainers);
  }

  /** The RM allocated `n` containers at this priority and lowered its count by as many. */
  allocated(priority: number, n: number): void {
    const h = this.held.get(priority);
    if (h !== undefined) this.held.set(priority, Math.max(0, h - n));
  }

  /** After a resync the RM holds nothing: everything is sent again. */
  forget(): void {
    this.held.clear();
  }

  /** True while the RM still owes containers: the allocator then heartbeats eagerly. */
  get pending(): boolean {
    for (const n of this.held.values()) if (n > 0) return true;
    return false;
  }
}

/**
 * A diagnostic naming the first resource type a service asks for that the RM does not know, or
 * undefined. The RM would otherwise skip the unknown entry with only a warning in its own log and
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
