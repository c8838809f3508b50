// Our codecs against bytes written by Hadoop 3.4.2's own generated protobuf classes
// (test/fixtures/hadoop-rpc/YarnProtoOracle.java → yarn-proto-oracle.json): each request below
// holds the same values as the Java builder there, and must encode to exactly Hadoop's bytes;
// the responses the captured sessions lack are decoded from Hadoop's bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  allocateRequestTo,
  allocateResponseFrom,
  finishApplicationMasterRequestTo,
  registerApplicationMasterRequestTo,
} from "../../../../src/hadoop-rpc/protocols/application-master-codec.js";
import {
  getContainerStatusesRequestTo,
  startContainersRequestTo,
  stopContainersResponseFrom,
  stopContainersRequestTo,
} from "../../../../src/hadoop-rpc/protocols/container-management-codec.js";
import { containerIdToString } from "../../../../src/hadoop-rpc/protocols/records.js";
import { ascii } from "../bytes.js";
import { container2, ID_2 } from "../records.js";

const ORACLE: Record<string, string> = JSON.parse(
  readFileSync(new URL("../../../fixtures/hadoop-rpc/yarn-proto-oracle.json", import.meta.url), "utf8"),
);
const hadoopWrote = (name: string) => Buffer.from(ORACLE[name]!, "hex");

test("registerApplicationMaster, finishApplicationMaster requests: Hadoop's bytes", () => {
  assert.deepEqual(
    Buffer.from(
      registerApplicationMasterRequestTo({ host: "am-host", rpcPort: -1, trackingUrl: "http://am-host:4040/" }),
    ),
    hadoopWrote("registerApplicationMasterRequest"),
  );
  assert.deepEqual(
    Buffer.from(
      finishApplicationMasterRequestTo({
        finalApplicationStatus: "FAILED",
        diagnostics: "worker failed 3 times",
        trackingUrl: "",
      }),
    ),
    hadoopWrote("finishApplicationMasterRequest"),
  );
});

test("allocate request with a GPU ask, label, allocation id, release, blacklist, progress: Hadoop's bytes", () => {
  const got = allocateRequestTo({
    responseId: 1234,
    ask: [
      {
        priority: 3,
        resourceName: "*",
        capability: { memoryMb: 4096, vcores: 2, others: { "yarn.io/gpu": 1 } },
        numContainers: 20,
        relaxLocality: true,
        nodeLabelExpression: "gpu",
        allocationRequestId: 7,
      },
    ],
    release: [ID_2],
    blacklistAdditions: ["bad-node"],
    blacklistRemovals: ["good-again"],
    progress: 0.25,
    trackingUrl: "http://am-host:4040/",
  });
  assert.deepEqual(Buffer.from(got), hadoopWrote("allocateRequest"));
});

test("startContainers request with two local resources, tokens, service data, env and command: Hadoop's bytes", () => {
  const container = container2("localhost", 8041, "127.0.0.1:8041");
  const got = startContainersRequestTo([
    {
      container,
      launchContext: {
        localResources: {
          environment: {
            resource: { scheme: "hdfs", host: "nn", port: 8020, file: "/user/root/.tsdask-yarn/cache/env.tar.gz" },
            size: 123456789,
            timestamp: 1795664480404,
            type: "ARCHIVE",
            visibility: "PRIVATE",
          },
          "job.py": {
            resource: { scheme: "hdfs", port: -1, file: "/tmp/job.py" },
            size: 42,
            timestamp: 1,
            type: "PATTERN",
            visibility: "APPLICATION",
            pattern: "lib/*",
          },
        },
        tokens: Buffer.from("HDTS\0\0\0", "latin1"),
        serviceData: { aux: ascii("data") },
        environment: { DASK_X: "1", EMPTY: "" },
        commands: ["./environment/bin/python", "-m", "distributed.cli.dask_worker"],
      },
    },
  ]);
  assert.deepEqual(Buffer.from(got), hadoopWrote("startContainersRequest"));
});

test("stopContainers, getContainerStatuses requests: Hadoop's bytes", () => {
  assert.deepEqual(Buffer.from(stopContainersRequestTo([ID_2])), hadoopWrote("stopContainersRequest"));
  assert.deepEqual(Buffer.from(getContainerStatusesRequestTo([ID_2])), hadoopWrote("getContainerStatusesRequest"));
});

test("allocate response written by Hadoop: every field the AM reads", () => {
  const r = allocateResponseFrom(hadoopWrote("allocateResponse"));
  assert.equal(r.amCommand, "AM_RESYNC");
  assert.equal(r.responseId, 77);
  assert.deepEqual(r.allocatedContainers, [
    {
      id: ID_2,
      nodeId: { host: "nm1", port: 45454 },
      nodeHttpAddress: "nm1:8042",
      resource: { memoryMb: 4096, vcores: 2 },
      priority: 3,
      containerToken: {
        identifier: ascii("cid"),
        password: ascii("cpw"),
        kind: "ContainerToken",
        service: "10.0.0.1:45454",
      },
      allocationRequestId: 7,
    },
  ]);
  assert.deepEqual(r.completedContainerStatuses, [
    {
      containerId: ID_2,
      state: "COMPLETE",
      diagnostics: "Container killed on request. Exit code is 143",
      exitStatus: -105,
    },
  ]);
  assert.deepEqual(r.limit, { memoryMb: 1024, vcores: 1 });
  assert.equal(r.numClusterNodes, 2);
  assert.deepEqual(r.updatedNodes, [{ nodeId: { host: "nm2", port: 45454 }, state: "LOST", healthReport: "lost" }]);
  assert.deepEqual(r.nmTokens, [
    {
      nodeId: { host: "nm1", port: 45454 },
      token: { identifier: ascii("nmid"), password: ascii("nmpw"), kind: "NMToken", service: "10.0.0.1:45454" },
    },
  ]);
  assert.deepEqual(r.amRmToken, {
    identifier: ascii("amid"),
    password: ascii("ampw"),
    kind: "YARN_AM_RM_TOKEN",
    service: "",
  });
  assert.deepEqual(r.containersFromPreviousAttempts, []);
});

test("stopContainers response written by Hadoop: a per-container failure with its Java class", () => {
  const r = stopContainersResponseFrom(hadoopWrote("stopContainersResponse"));
  assert.deepEqual(r.succeeded, []);
  assert.equal(r.failed.length, 1);
  assert.equal(containerIdToString(r.failed[0]!.containerId), "container_1795664480404_0005_01_000002");
  assert.equal(r.failed[0]!.error.javaClassName, "org.apache.hadoop.yarn.exceptions.YarnException");
  assert.match(r.failed[0]!.error.message, /is not handled by this NodeManager$/);
});
