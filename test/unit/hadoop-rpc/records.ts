// Records the hadoop-rpc tests share: container_1795664480404_0005_01_000002 and an allocated
// container of it whose token's service names its NodeManager.
import { parseContainerId, type Container } from "../../../src/hadoop-rpc/protocols/records.js";

export const ID_2 = parseContainerId("container_1795664480404_0005_01_000002");

/** Container 2 on `host:port` (128 MiB, 1 vcore, priority 1), its token {cid, cpw, ContainerToken, service}. */
export function container2(host: string, port: number, service = `${host}:${port}`): Container {
  return {
    id: ID_2,
    nodeId: { host, port },
    nodeHttpAddress: `${host}:8042`,
    resource: { memoryMb: 128, vcores: 1 },
    priority: 1,
    allocationRequestId: -1,
    containerToken: { identifier: Buffer.from("cid"), password: Buffer.from("cpw"), kind: "ContainerToken", service },
  };
}
