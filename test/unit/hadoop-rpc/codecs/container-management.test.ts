// Byte tests of the ContainerManagementProtocol codecs, with no connection. Request bytes are
// assembled by hand (comments name each field); responses are hand-assembled or captured from
// the real Hadoop 3.4.2 NodeManager (test/fixtures/hadoop-rpc/real-nm-session.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  getContainerStatusesRequestTo,
  getContainerStatusesResponseFrom,
  startContainersRequestTo,
  startContainersResponseFrom,
  stopContainersRequestTo,
  stopContainersResponseFrom,
} from "../../../../src/hadoop-rpc/protocols/container-management-codec.js";
import { containerIdToString } from "../../../../src/hadoop-rpc/protocols/records.js";
import { ascii, CONTAINER_2, hex, ld } from "../bytes.js";
import { capturedCalls } from "../captured.js";
import { container2, ID_2 } from "../records.js";

test("startContainers request: launch context (resource, tokens, env, command) and the container token", () => {
  const container = container2("nm", 8041);
  const got = startContainersRequestTo([
    {
      container,
      launchContext: {
        localResources: {
          env: {
            resource: { scheme: "hdfs", host: "nn", port: 8020, file: "/x.tgz" },
            size: 10,
            timestamp: 1795664480404,
            type: "ARCHIVE",
            visibility: "PRIVATE",
          },
        },
        tokens: ascii("HDTS"),
        environment: { A: "1" },
        commands: ["echo hi"],
      },
    },
  ]);
  const url = Buffer.concat([
    ld("0a", ascii("hdfs")), //   scheme(1)
    ld("12", ascii("nn")), //     host(2)
    hex("18 d4 3e"), //           port(3) = 8020
    ld("22", ascii("/x.tgz")), // file(4)
  ]);
  const localResource = Buffer.concat([
    ld("0a", url), //                    resource(1)
    hex("10 0a"), //                     size(2) = 10
    hex("18 94 91 c6 af a1 34"), //      timestamp(3) = 1795664480404
    hex("20 01"), //                     type(4) = ARCHIVE
    hex("28 02"), //                     visibility(5) = PRIVATE
  ]);
  const launchContext = Buffer.concat([
    ld("0a", ld("0a", ascii("env")), ld("12", localResource)), // localResources(1) { key(1), value(2) }
    ld("12", ascii("HDTS")), //                                   tokens(2)
    ld("22", ld("0a", ascii("A")), ld("12", ascii("1"))), //      environment(4) { key(1), value(2) }
    ld("2a", ascii("echo hi")), //                                command(5)
  ]);
  const containerToken = Buffer.concat([
    ld("0a", ascii("cid")), //            identifier(1)
    ld("12", ascii("cpw")), //            password(2)
    ld("1a", ascii("ContainerToken")), // kind(3)
    ld("22", ascii("nm:8041")), //        service(4)
  ]);
  // StartContainersRequestProto { start_container_request(1) { container_launch_context(1), container_token(2) } }
  const expected = ld("0a", ld("0a", launchContext), ld("12", containerToken));
  assert.deepEqual(Buffer.from(got), expected);
});

test("stopContainers and getContainerStatuses requests: container_id(1) per container", () => {
  const expected = ld("0a", CONTAINER_2);
  assert.deepEqual(Buffer.from(stopContainersRequestTo([ID_2])), expected);
  assert.deepEqual(Buffer.from(getContainerStatusesRequestTo([ID_2])), expected);
  assert.deepEqual(Buffer.from(stopContainersRequestTo([])), hex(""));
});

test("startContainers and getContainerStatuses responses captured from the NodeManager", () => {
  const [start, statuses] = capturedCalls("real-nm-session.json");
  assert.deepEqual([start!.method, statuses!.method], ["startContainers", "getContainerStatuses"]);
  const started = startContainersResponseFrom(start!.response);
  assert.deepEqual(started.succeeded.map(containerIdToString), ["container_1795665080613_0010_01_000002"]);
  assert.deepEqual(started.failed, []);
  const got = getContainerStatusesResponseFrom(statuses!.response);
  assert.deepEqual(got.failed, []);
  assert.deepEqual(
    got.statuses.map((s) => [containerIdToString(s.containerId), s.state, s.exitStatus, s.diagnostics]),
    [["container_1795665080613_0010_01_000002", "RUNNING", -1000, ""]],
  );
});

test("per-container failures by hand: exception class and message; a missing class falls back to YarnException", () => {
  const failure = (exception: Buffer) => ld("1a", ld("0a", CONTAINER_2), ld("12", exception)); // failed_requests(3)
  const invalidToken = Buffer.concat([
    ld("0a", ascii("Invalid container token")), //                        message(1)
    ld("1a", ascii("org.apache.hadoop.yarn.exceptions.InvalidToken")), // class_name(3)
  ]);
  // StartContainersResponseProto: succeeded_requests(2), failed_requests(3)
  const started = startContainersResponseFrom(Buffer.concat([ld("12", CONTAINER_2), failure(invalidToken)]));
  assert.deepEqual(started.succeeded, [ID_2]);
  assert.deepEqual(
    started.failed.map((f) => [containerIdToString(f.containerId), f.error.javaClassName, f.error.message]),
    [
      [
        "container_1795664480404_0005_01_000002",
        "org.apache.hadoop.yarn.exceptions.InvalidToken",
        "Invalid container token",
      ],
    ],
  );
  // StopContainersResponseProto: succeeded_requests(1), failed_requests(2)
  // failed_requests(2) { container_id(1), exception(2) = {} }
  const stopped = stopContainersResponseFrom(ld("12", ld("0a", CONTAINER_2), ld("12")));
  assert.deepEqual(stopped.succeeded, []);
  assert.equal(stopped.failed[0]!.error.javaClassName, "org.apache.hadoop.yarn.exceptions.YarnException");
  assert.equal(stopped.failed[0]!.error.code, "YARN_CONTAINER_REQUEST_FAILED");
});
