// A fixed port range (scheduler.port, worker.port, ...: spec/ports.ts) must hold every instance
// that may run on one node at once, or the last ones there find no free port and fail after the
// upload, the AM and the scheduler have started. Checked at submit, before anything is uploaded,
// against the nodes' sizes: by memory, which every YARN scheduler counts (vcores only some do), so
// the bound is an upper one. Ranges that overlap share their ports.
import type { ApplicationSpec, PortClaim, ServiceSpec } from "../spec/index.js";
import type { NodeReport, Resource } from "../yarn-rest/index.js";
import { LauncherError } from "./errors.js";

export interface NodeSize {
  readonly host: string;
  readonly memoryMb: number;
}

/** RUNNING nodes' total memory (used + available). */
export const nodeSizes = (nodes: readonly NodeReport[]): NodeSize[] =>
  nodes.map((n) => ({ host: n.nodeHostName, memoryMb: n.usedMemoryMb + n.availMemoryMb }));

/** Without the node list (an RM that refuses it): the largest container stands for a node. */
export const maximumAsNode = (maximum: Resource): NodeSize[] => [
  { host: "(largest container)", memoryMb: maximum.memoryMb },
];

interface PerNode {
  readonly count: number;
  readonly why: string;
}

/** How many instances of a service one node may hold at once. */
export function instancesPerNode(name: string, s: ServiceSpec, nodes: readonly NodeSize[]): PerNode {
  if (s.singleton || s.role === "dask.scheduler") return { count: 1, why: `${name} has one instance` };
  let best: PerNode = { count: 0, why: "" };
  for (const n of nodes) {
    const count = Math.floor(n.memoryMb / s.memoryMiB);
    if (count > best.count) {
      best = {
        count,
        why: `${count} ${name} containers of ${s.memoryMiB} MiB fit on node ${n.host} (${n.memoryMb} MiB)`,
      };
    }
  }
  return best;
}

interface Demand extends PortClaim {
  readonly count: number;
  readonly why: string;
}

/** Overlapping ranges in groups (sorted by first port): a group's ports are shared by all of it. */
function overlapping(demands: readonly Demand[]): Demand[][] {
  const sorted = [...demands].sort((a, b) => a.first - b.first);
  const groups: Demand[][] = [];
  let end = -1;
  for (const d of sorted) {
    const open = groups.at(-1);
    if (open && d.first <= end) open.push(d);
    else groups.push([d]);
    end = Math.max(end, d.last);
  }
  return groups;
}

const show = (d: PortClaim): string => (d.first === d.last ? `${d.key} ${d.first}` : `${d.key} ${d.first}-${d.last}`);

/** Each group of ranges whose instances per node need more ports than it has, described. */
export function portRangeProblems(spec: ApplicationSpec, nodes: readonly NodeSize[]): string[] {
  const demands: Demand[] = [];
  for (const [name, s] of Object.entries(spec.services)) {
    const per = instancesPerNode(name, s, nodes);
    for (const claim of s.ports ?? []) demands.push({ ...claim, ...per });
  }
  const problems: string[] = [];
  for (const group of overlapping(demands)) {
    const first = Math.min(...group.map((d) => d.first));
    const last = Math.max(...group.map((d) => d.last));
    const ports = last - first + 1;
    const needed = group.reduce((sum, d) => sum + d.count, 0);
    if (needed <= ports) continue;
    const names = group.map(show).join(" and ");
    const shared = group.length > 1 ? ` (they overlap: ${first}-${last} serves all of them)` : "";
    problems.push(
      `${names} ${group.length > 1 ? "hold" : "holds"} ${ports} port${ports === 1 ? "" : "s"}${shared}, ` +
        `but up to ${needed} may be needed on one node: ${group.map((d) => d.why).join("; ")}`,
    );
  }
  return problems;
}

/** Throws PORT_RANGE_TOO_SMALL naming every range that cannot serve one node's instances. */
export function checkPortRanges(spec: ApplicationSpec, nodes: readonly NodeSize[]): void {
  const problems = portRangeProblems(spec, nodes);
  if (problems.length === 0) return;
  throw new LauncherError(
    "PORT_RANGE_TOO_SMALL",
    problems.join("; "),
    "Widen the range (e.g. worker.port: 9000-9099) so it has a port for every instance a node can hold, " +
      "give the containers more memory, or set the key to 0 for any free port.",
  );
}

/** Whether any service has a fixed port range (only then are the nodes asked for). */
export const hasPortClaims = (spec: ApplicationSpec): boolean =>
  Object.values(spec.services).some((s) => (s.ports ?? []).length > 0);
