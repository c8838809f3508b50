// Resource requests. On the RM an ask is the ABSOLUTE number of containers outstanding per
// (priority, allocationRequestId, resourceName), replaced by every new ask for that key (docs/design.md §3):
// so the AM sends a service's whole outstanding count, and only when it differs from what the RM
// holds. The RM lowers its count by itself for every container it allocates; AskTable mirrors that,
// so a satisfied ask is not sent again and a cancelled one is sent once as 0.
import type { ResourceRequest } from "../../hadoop-rpc/index.js";
import type { Wanted } from "../backend.js";

export const ANY = "*";

/**
 * The requests for one service's want, at its rank as priority. Without nodes/racks: one "*"
 * entry. With them: an entry per node and rack plus "*" (YARN needs all three levels), "*" relaxed
 * only when the spec allows it. The node label goes on "*" only: YARN ignores it elsewhere.
 */
export function serviceAsks(w: Wanted): ResourceRequest[] {
  const { shape: s, rank: priority, count } = w;
  const capability: ResourceRequest["capability"] = { memoryMb: s.memoryMiB, vcores: s.vcores };
  // Extra resource types (yarn.io/gpu, …) go into resource_value_map; left out when there are none.
  if (Object.keys(s.resources).length) capability.others = { ...s.resources };
  const located = s.nodes.length > 0 || s.racks.length > 0;
  const out: ResourceRequest[] = [];
  for (const name of [...s.nodes, ...s.racks]) {
    out.push({ priority, resourceName: name, capability, numContainers: count, relaxLocality: true });
  }
  out.push({
    priority,
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
   * The requests to send for these wants: those whose count differs from the RM's. Call
   * committed() with the result once the allocate carrying them succeeded.
   */
  changes(wanted: readonly Wanted[]): ResourceRequest[] {
    const out: ResourceRequest[] = [];
    for (const w of wanted) {
      if ((this.held.get(w.rank) ?? 0) !== w.count) out.push(...serviceAsks(w));
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
