// ContainerManagementProtocol messages in our vocabulary, and the pure codecs between them and the
// wire (no I/O): startContainers, stopContainers, getContainerStatuses. Per-container failures
// come back in failed_requests, not as RPC errors, so each result lists successes and failures.
import { RemoteJavaError } from "../../errors.js";
import type { RpcMethod } from "../wire/rpc-method.js";
import {
  getContainerStatusesRequestProto,
  getContainerStatusesResponseProto,
  startContainersRequestProto,
  startContainersResponseProto,
  stopContainersRequestProto,
  stopContainersResponseProto,
  type ContainerExceptionMapProto,
  type StopContainersResponseProto,
} from "./container-management-proto.js";
import { launchContextTo, type ContainerLaunchContext } from "./launch-context.js";
import {
  containerIdFrom,
  containerIdTo,
  containerStatusFrom,
  containerTokenTo,
  type Container,
  type ContainerId,
  type ContainerStatus,
} from "./records.js";

export interface ContainerFailure {
  containerId: ContainerId;
  /** SerializedExceptionProto: class name and message. */
  error: RemoteJavaError;
}

export interface ContainerResults {
  succeeded: ContainerId[];
  failed: ContainerFailure[];
}

export interface ContainerStatusResults {
  statuses: ContainerStatus[];
  failed: ContainerFailure[];
}

export interface StartContainerRequest {
  container: Container;
  launchContext: ContainerLaunchContext;
}

function failureFrom(p: ContainerExceptionMapProto): ContainerFailure {
  const e = p.exception ?? {};
  const cls = e.class_name ?? "org.apache.hadoop.yarn.exceptions.YarnException";
  return {
    containerId: containerIdFrom(p.container_id),
    error: new RemoteJavaError("YARN_CONTAINER_REQUEST_FAILED", cls, e.message ?? ""),
  };
}

/** Start and stop answer alike: the ids that succeeded, and an exception per id that failed. */
function containerResultsFrom(p: StopContainersResponseProto): ContainerResults {
  return {
    succeeded: (p.succeeded_requests ?? []).map(containerIdFrom),
    failed: (p.failed_requests ?? []).map(failureFrom),
  };
}

export function startContainersRequestTo(requests: StartContainerRequest[]): Uint8Array {
  return startContainersRequestProto.encode({
    start_container_request: requests.map((r) => ({
      container_launch_context: launchContextTo(r.launchContext),
      container_token: containerTokenTo(r.container),
    })),
  });
}

export function startContainersResponseFrom(bytes: Uint8Array): ContainerResults {
  return containerResultsFrom(startContainersResponseProto.decode(bytes));
}

export function stopContainersRequestTo(ids: ContainerId[]): Uint8Array {
  return stopContainersRequestProto.encode({ container_id: ids.map(containerIdTo) });
}

export function stopContainersResponseFrom(bytes: Uint8Array): ContainerResults {
  return containerResultsFrom(stopContainersResponseProto.decode(bytes));
}

export function getContainerStatusesRequestTo(ids: ContainerId[]): Uint8Array {
  return getContainerStatusesRequestProto.encode({ container_id: ids.map(containerIdTo) });
}

export function getContainerStatusesResponseFrom(bytes: Uint8Array): ContainerStatusResults {
  const p = getContainerStatusesResponseProto.decode(bytes);
  return { statuses: (p.status ?? []).map(containerStatusFrom), failed: (p.failed_requests ?? []).map(failureFrom) };
}

/** The protocol's methods, for RpcClient.call. */
export const ContainerManagementMethods = {
  startContainers: {
    name: "startContainers",
    requestTo: startContainersRequestTo,
    responseFrom: startContainersResponseFrom,
  } satisfies RpcMethod<StartContainerRequest[], ContainerResults>,
  stopContainers: {
    name: "stopContainers",
    requestTo: stopContainersRequestTo,
    responseFrom: stopContainersResponseFrom,
  } satisfies RpcMethod<ContainerId[], ContainerResults>,
  getContainerStatuses: {
    name: "getContainerStatuses",
    requestTo: getContainerStatusesRequestTo,
    responseFrom: getContainerStatusesResponseFrom,
  } satisfies RpcMethod<ContainerId[], ContainerStatusResults>,
};
