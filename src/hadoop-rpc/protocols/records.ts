// YARN records in our own vocabulary (no Proto suffix), and their conversion to and from the
// message shapes of yarn-records-proto.ts. Absent fields read as the proto2 defaults.
import { TsdaskError } from "../../errors.js";
import { tokenFromProto, tokenToProto, type Token } from "../security/token.js";
import type { TokenProto } from "../wire/rpc-proto.js";
import {
  ResourceTypes,
  type ApplicationAttemptIdProto,
  type ApplicationIdProto,
  type ContainerIdProto,
  type ContainerProto,
  type ContainerStatusProto,
  type NMTokenProto,
  type NodeIdProto,
  type ResourceProto,
} from "./yarn-records-proto.js";

export interface ApplicationId {
  clusterTimestamp: number;
  id: number;
}
export interface ApplicationAttemptId {
  applicationId: ApplicationId;
  attemptId: number;
}
/** `id` = RM epoch << 40 | sequence number. */
export interface ContainerId {
  applicationAttemptId: ApplicationAttemptId;
  id: number;
}
export interface NodeId {
  host: string;
  port: number;
}
/** memoryMb in MiB, as YARN counts. */
export interface Resource {
  memoryMb: number;
  vcores: number;
  /**
   * Other resource types (e.g. "yarn.io/gpu"), sent as resource_value_map entries. Values are in the
   * type's default units: no units are sent, so the RM applies the type's own.
   */
  others?: Record<string, number>;
}

export interface Container {
  id: ContainerId;
  nodeId: NodeId;
  nodeHttpAddress: string;
  resource: Resource;
  priority: number;
  /** Copied verbatim into startContainers; the NM checks it with the RM's key. */
  containerToken: Token;
  allocationRequestId: number;
}

export type ContainerState = "NEW" | "RUNNING" | "COMPLETE";
export interface ContainerStatus {
  containerId: ContainerId;
  state: ContainerState;
  diagnostics: string;
  /** ContainerExitStatus (-1000 invalid, -100 aborted, -102 preempted, …) or the process exit code. */
  exitStatus: number;
}

export interface NMTokenEntry {
  nodeId: NodeId;
  token: Token;
}

const STATES: Record<number, ContainerState> = { 1: "NEW", 2: "RUNNING", 3: "COMPLETE" };
/** Memory and vcores travel in their own fields; the RM repeats them in the map, which we skip. */
const MANDATORY = new Set(["memory-mb", "vcores"]);

export function applicationIdFrom(p: ApplicationIdProto | undefined): ApplicationId {
  return { clusterTimestamp: p?.cluster_timestamp ?? 0, id: p?.id ?? 0 };
}
export function applicationAttemptIdFrom(p: ApplicationAttemptIdProto | undefined): ApplicationAttemptId {
  return { applicationId: applicationIdFrom(p?.application_id), attemptId: p?.attemptId ?? 0 };
}
export function containerIdFrom(p: ContainerIdProto | undefined): ContainerId {
  return { applicationAttemptId: applicationAttemptIdFrom(p?.app_attempt_id), id: p?.id ?? 0 };
}
export function containerIdTo(c: ContainerId): ContainerIdProto {
  const app = {
    id: c.applicationAttemptId.applicationId.id,
    cluster_timestamp: c.applicationAttemptId.applicationId.clusterTimestamp,
  };
  return {
    app_id: app,
    app_attempt_id: { application_id: app, attemptId: c.applicationAttemptId.attemptId },
    id: c.id,
  };
}
export function nodeIdFrom(p: NodeIdProto | undefined): NodeId {
  return { host: p?.host ?? "", port: p?.port ?? 0 };
}

export function resourceFrom(p: ResourceProto | undefined): Resource {
  const r: Resource = { memoryMb: p?.memory ?? 0, vcores: p?.virtual_cores ?? 0 };
  const others: Record<string, number> = {};
  for (const e of p?.resource_value_map ?? []) if (!MANDATORY.has(e.key)) others[e.key] = e.value ?? 0;
  if (Object.keys(others).length) r.others = others;
  return r;
}
export function resourceTo(r: Resource): ResourceProto {
  const out: ResourceProto = { memory: r.memoryMb, virtual_cores: r.vcores };
  const others = Object.entries(r.others ?? {});
  if (others.length)
    out.resource_value_map = others.map(([key, value]) => ({ key, value, type: ResourceTypes.COUNTABLE }));
  return out;
}

export function containerFrom(p: ContainerProto): Container {
  return {
    id: containerIdFrom(p.id),
    nodeId: nodeIdFrom(p.nodeId),
    nodeHttpAddress: p.node_http_address ?? "",
    resource: resourceFrom(p.resource),
    priority: p.priority?.priority ?? 0,
    containerToken: tokenFromProto(p.container_token),
    allocationRequestId: p.allocation_request_id ?? -1,
  };
}
export function containerTokenTo(c: Container): TokenProto {
  return tokenToProto(c.containerToken);
}

export function containerStatusFrom(p: ContainerStatusProto): ContainerStatus {
  return {
    containerId: containerIdFrom(p.container_id),
    state: STATES[p.state ?? 1] ?? "NEW",
    diagnostics: p.diagnostics ?? "N/A",
    exitStatus: p.exit_status ?? -1000,
  };
}
export function nmTokenFrom(p: NMTokenProto): NMTokenEntry {
  return { nodeId: nodeIdFrom(p.nodeId), token: tokenFromProto(p.token) };
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");
export function applicationIdToString(a: ApplicationId): string {
  return `application_${a.clusterTimestamp}_${pad(a.id, 4)}`;
}
export function applicationAttemptIdToString(a: ApplicationAttemptId): string {
  return `appattempt_${a.applicationId.clusterTimestamp}_${pad(a.applicationId.id, 4)}_${pad(a.attemptId, 6)}`;
}
/** ContainerId.toString: the epoch part only when non-zero. */
export function containerIdToString(c: ContainerId): string {
  const epoch = Math.floor(c.id / 2 ** 40);
  const seq = c.id % 2 ** 40;
  const a = c.applicationAttemptId;
  const e = epoch > 0 ? `e${pad(epoch, 2)}_` : "";
  return `container_${e}${a.applicationId.clusterTimestamp}_${pad(a.applicationId.id, 4)}_${pad(a.attemptId, 2)}_${pad(seq, 6)}`;
}
/** Parses CONTAINER_ID as the NM sets it (ContainerId.fromString). */
export function parseContainerId(s: string): ContainerId {
  const m = /^container_(?:e(\d+)_)?(\d+)_(\d+)_(\d+)_(\d+)$/.exec(s);
  if (!m) throw new TsdaskError("HADOOP_BAD_CONTAINER_ID", `not a container id: ${JSON.stringify(s)}`);
  const epoch = m[1] ? Number(m[1]) : 0;
  const applicationId = { clusterTimestamp: Number(m[2]), id: Number(m[3]) };
  return { applicationAttemptId: { applicationId, attemptId: Number(m[4]) }, id: epoch * 2 ** 40 + Number(m[5]) };
}
