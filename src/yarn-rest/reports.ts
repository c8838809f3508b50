// RM REST response JSON → our report types. Jersey's natural JSON is irregular: a one-element list
// may come as a bare object ({"container":{…}}), an empty list as {} or null ({"apps":{}} /
// {"apps":null}), numbers sometimes as strings, and tags as one comma-separated string.
import type {
  ApplicationAttempt,
  ApplicationReport,
  ApplicationState,
  ClusterInfo,
  ContainerReport,
  FinalApplicationStatus,
  LogAggregationStatus,
  NewApplication,
  NodeReport,
} from "./types.js";

type Obj = Record<string, unknown>;

/** The list under `outer.inner`, whether Jersey sent an array, one object, {} or null. */
export function listOf(body: unknown, outer: string | undefined, inner: string): Obj[] {
  let v: unknown = body;
  if (outer !== undefined) v = v && typeof v === "object" ? (v as Obj)[outer] : undefined;
  v = v && typeof v === "object" ? (v as Obj)[inner] : undefined;
  if (Array.isArray(v)) return v.filter((x): x is Obj => !!x && typeof x === "object");
  return v && typeof v === "object" ? [v as Obj] : [];
}

const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : 0);
const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));
const opt = (v: unknown): string | undefined => (v === undefined || v === null || v === "" ? undefined : String(v));

export function applicationReport(a: Obj): ApplicationReport {
  const tags = str(a.applicationTags);
  return {
    id: str(a.id),
    name: str(a.name),
    user: str(a.user),
    queue: str(a.queue),
    state: str(a.state) as ApplicationState,
    finalStatus: str(a.finalStatus) as FinalApplicationStatus,
    progress: num(a.progress),
    applicationType: str(a.applicationType),
    tags: tags ? tags.split(",") : [],
    diagnostics: str(a.diagnostics),
    trackingUrl: opt(a.trackingUrl),
    amContainerLogs: opt(a.amContainerLogs),
    logAggregationStatus: opt(a.logAggregationStatus) as LogAggregationStatus | undefined,
    amHostHttpAddress: opt(a.amHostHttpAddress),
    amRpcAddress: opt(a.amRPCAddress),
    startedTime: num(a.startedTime),
    finishedTime: num(a.finishedTime),
    allocatedMb: num(a.allocatedMB),
    allocatedVcores: num(a.allocatedVCores),
    runningContainers: num(a.runningContainers),
    priority: a.priority === undefined ? undefined : num(a.priority),
  };
}

export function newApplication(body: Obj): NewApplication {
  const max = (body["maximum-resource-capability"] ?? {}) as Obj;
  return {
    applicationId: str(body["application-id"]),
    maximumResourceCapability: { memoryMb: num(max.memory), vcores: num(max.vCores) },
  };
}

export function clusterInfo(body: Obj): ClusterInfo {
  const c = (body.clusterInfo ?? {}) as Obj;
  return {
    id: num(c.id),
    state: str(c.state),
    haState: str(c.haState),
    hadoopVersion: str(c.hadoopVersion),
    resourceManagerVersion: str(c.resourceManagerVersion),
    startedOn: num(c.startedOn),
  };
}

export function nodeReport(n: Obj): NodeReport {
  return {
    id: str(n.id),
    state: str(n.state),
    nodeHostName: str(n.nodeHostName),
    nodeHttpAddress: str(n.nodeHTTPAddress),
    rack: str(n.rack),
    numContainers: num(n.numContainers),
    usedMemoryMb: num(n.usedMemoryMB),
    availMemoryMb: num(n.availMemoryMB),
    usedVcores: num(n.usedVirtualCores),
    availableVcores: num(n.availableVirtualCores),
    healthReport: str(n.healthReport),
  };
}

export function applicationAttempt(a: Obj): ApplicationAttempt {
  return {
    id: num(a.id),
    appAttemptId: str(a.appAttemptId),
    state: str(a.appAttemptState),
    containerId: str(a.containerId),
    nodeId: str(a.nodeId),
    nodeHttpAddress: str(a.nodeHttpAddress),
    logsLink: str(a.logsLink),
    startTime: num(a.startTime),
    finishedTime: num(a.finishedTime),
  };
}

export function containerReport(c: Obj): ContainerReport {
  return {
    containerId: str(c.containerId),
    state: str(c.containerState),
    exitStatus: num(c.containerExitStatus),
    nodeId: str(c.nodeId ?? c.assignedNodeId),
    allocatedMb: num(c.allocatedMB),
    allocatedVcores: num(c.allocatedVCores),
    priority: num(c.priority),
    logUrl: str(c.logUrl),
    diagnostics: str(c.diagnosticsInfo),
    startedTime: num(c.startedTime),
    finishedTime: num(c.finishedTime),
  };
}
