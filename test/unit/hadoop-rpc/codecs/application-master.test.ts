// Byte tests of the ApplicationMasterProtocol codecs, with no connection. Request bytes are
// assembled by hand (field tag = number << 3 | wire type; comments name each field); response
// bytes are hand-assembled or captured from the real Hadoop 3.4.2 RM (test/fixtures/hadoop-rpc).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  allocateRequestTo,
  allocateResponseFrom,
  finishApplicationMasterRequestTo,
  finishApplicationMasterResponseFrom,
  registerApplicationMasterRequestTo,
  registerApplicationMasterResponseFrom,
} from "../../../../src/hadoop-rpc/protocols/application-master-codec.js";
import { containerIdToString, parseContainerId } from "../../../../src/hadoop-rpc/protocols/records.js";
import { FrameError } from "../../../../src/hadoop-rpc/errors.js";
import { ascii, CONTAINER_2, hex, ld } from "../bytes.js";
import { capturedCalls } from "../captured.js";

test("allocate request: one ask of 2 × (128 MiB, 1 vcore) at priority 1 on '*'", () => {
  const got = allocateRequestTo({
    responseId: 0,
    ask: [{ priority: 1, resourceName: "*", capability: { memoryMb: 128, vcores: 1 }, numContainers: 2 }],
  });
  const expected = hex(
    "0a 12" + //           ask(1), 18 bytes: ResourceRequestProto
      " 0a 02 08 01" + //    priority(1) { priority(1) = 1 }
      " 12 01 2a" + //       resource_name(2) = "*"
      " 1a 05 08 80 01 10 01" + // capability(3) { memory(1) = 128, virtual_cores(2) = 1 }
      " 20 02" + //          num_containers(4) = 2
      " 28 01" + //          relax_locality(5) = true, sent although it is the default
      " 20 00" + //          response_id(4) = 0: present, 0 included
      " 2d 00 00 00 00", //  progress(5) = 0.0f (fixed32)
  );
  assert.deepEqual(Buffer.from(got), expected);
  // The first allocate of the test AM in the real RM session carried exactly these bytes, and the
  // RM 3.4.2 answered it (it allocated the two containers).
  const real = capturedCalls("real-rm-session.json").find((c) => c.method === "allocate")!;
  assert.deepEqual(real.request, expected);
});

test("allocate request: every field we send (label, allocation id, release, blacklist, progress, tracking URL)", () => {
  const got = allocateRequestTo({
    responseId: 42,
    ask: [
      {
        priority: 2,
        resourceName: "*",
        capability: { memoryMb: 2048, vcores: 1 },
        numContainers: 1,
        relaxLocality: false,
        nodeLabelExpression: "gpu",
        allocationRequestId: 7,
      },
    ],
    release: [parseContainerId("container_1795664480404_0005_01_000002")],
    blacklistAdditions: ["nm1"],
    progress: 0.5,
    trackingUrl: "http://h:1/",
  });
  const ask = hex(
    "0a 02 08 02" + //       priority(1) { 2 }
      " 12 01 2a" + //       resource_name(2) = "*"
      " 1a 05 08 80 10 10 01" + // capability(3) { memory = 2048 (varint 80 10), vcores = 1 }
      " 20 01" + //          num_containers(4) = 1
      " 28 00" + //          relax_locality(5) = false
      " 32 03 67 70 75" + // node_label_expression(6) = "gpu"
      " 40 07", //           allocation_request_id(8) = 7
  );
  const expected = Buffer.concat([
    ld("0a", ask), //                   ask(1)
    ld("12", CONTAINER_2), //           release(2)
    ld("1a", ld("0a", ascii("nm1"))), // blacklist_request(3) { blacklist_additions(1) = "nm1" }
    hex("20 2a"), //                    response_id(4) = 42
    hex("2d 00 00 00 3f"), //           progress(5) = 0.5f
    ld("5a", ascii("http://h:1/")), //  tracking_url(11)
  ]);
  assert.deepEqual(Buffer.from(got), expected);
});

test("register request: host, rpc_port (-1 = none: a 10-byte varint) and tracking URL", () => {
  assert.deepEqual(
    Buffer.from(
      registerApplicationMasterRequestTo({ host: "am-host", rpcPort: 4040, trackingUrl: "http://am-host:4040/" }),
    ),
    Buffer.concat([ld("0a", ascii("am-host")), hex("10 c8 1f"), ld("1a", ascii("http://am-host:4040/"))]),
  );
  assert.deepEqual(
    Buffer.from(registerApplicationMasterRequestTo({ host: "localhost", rpcPort: -1, trackingUrl: "" })),
    Buffer.concat([ld("0a", ascii("localhost")), hex("10 ff ff ff ff ff ff ff ff ff 01  1a 00")]),
  );
});

test("finish request: final_application_status(3) as its enum number; diagnostics and URL only when given", () => {
  assert.deepEqual(
    Buffer.from(
      finishApplicationMasterRequestTo({ finalApplicationStatus: "SUCCEEDED", diagnostics: "done", trackingUrl: "" }),
    ),
    hex("0a 04 64 6f 6e 65  12 00  18 01"), // diagnostics(1) "done", tracking_url(2) "", APP_SUCCEEDED = 1
  );
  assert.deepEqual(Buffer.from(finishApplicationMasterRequestTo({ finalApplicationStatus: "FAILED" })), hex("18 02"));
  assert.deepEqual(Buffer.from(finishApplicationMasterRequestTo({ finalApplicationStatus: "KILLED" })), hex("18 03"));
});

test("register response captured from the RM: capability, queue and resource types", () => {
  const [register] = capturedCalls("real-rm-session.json");
  assert.equal(register!.method, "registerApplicationMaster");
  assert.deepEqual(registerApplicationMasterResponseFrom(register!.response), {
    // The RM repeats memory-mb and vcores in resource_value_map; they are not "others".
    maximumCapability: { memoryMb: 8192, vcores: 8 },
    queue: "root.default",
    containersFromPreviousAttempts: [],
    nmTokensFromPreviousAttempts: [],
    resourceTypes: ["memory-mb", "vcores"],
  });
});

test("allocate responses captured from the RM: a container with its token, an NMToken, a completion", () => {
  const allocs = capturedCalls("real-rm-session.json")
    .filter((c) => c.method === "allocate")
    .map((c) => allocateResponseFrom(c.response));
  assert.deepEqual(
    allocs.map((a) => [a.responseId, a.allocatedContainers.length, a.completedContainerStatuses.length]),
    [
      [1, 0, 0],
      [2, 1, 0],
      [3, 1, 1],
      [4, 0, 1],
    ],
  );
  assert.deepEqual(allocs[0]!.limit, { memoryMb: 7936, vcores: 7 });
  assert.equal(allocs[0]!.numClusterNodes, 1);
  const c = allocs[1]!.allocatedContainers[0]!;
  assert.equal(containerIdToString(c.id), "container_1795665080613_0010_01_000002");
  assert.deepEqual(
    [c.nodeId, c.nodeHttpAddress, c.resource, c.priority, c.allocationRequestId],
    [{ host: "localhost", port: 8041 }, "localhost:8042", { memoryMb: 128, vcores: 1 }, 1, -1],
  );
  assert.deepEqual([c.containerToken.kind, c.containerToken.service], ["ContainerToken", "127.0.0.1:8041"]);
  assert.equal(c.containerToken.password.toString("hex"), "db4acead77c767703bb53741864a9027a2711fc6");
  const [nm] = allocs[1]!.nmTokens;
  assert.deepEqual(
    [nm!.nodeId, nm!.token.kind, nm!.token.service],
    [{ host: "localhost", port: 8041 }, "NMToken", "127.0.0.1:8041"],
  );
  const done = allocs[2]!.completedContainerStatuses[0]!;
  assert.deepEqual(
    [containerIdToString(done.containerId), done.state, done.exitStatus, done.diagnostics],
    ["container_1795665080613_0010_01_000002", "COMPLETE", 0, ""],
  );
  assert.equal(allocs[1]!.amRmToken, undefined);
  assert.equal(allocs[1]!.amCommand, undefined);
});

test("allocate response by hand: AM_RESYNC, a rolled AMRMToken, proto2 defaults of an empty status", () => {
  const token = Buffer.concat([
    ld("0a", ascii("id")), //              identifier(1)
    ld("12", ascii("pw")), //              password(2)
    ld("1a", ascii("YARN_AM_RM_TOKEN")), // kind(3)
    hex("22 00"), //                       service(4) = ""
  ]);
  const got = allocateResponseFrom(
    Buffer.concat([
      hex("08 01"), //             a_m_command(1) = AM_RESYNC
      hex("10 09"), //             response_id(2) = 9
      ld("22", ld("0a", CONTAINER_2)), // completed_container_statuses(4): only container_id
      ld("62", token), //          am_rm_token(12)
    ]),
  );
  assert.equal(got.amCommand, "AM_RESYNC");
  assert.equal(got.responseId, 9);
  assert.deepEqual(got.amRmToken, {
    identifier: Buffer.from("id"),
    password: Buffer.from("pw"),
    kind: "YARN_AM_RM_TOKEN",
    service: "",
  });
  // Absent state, diagnostics and exit_status read as the proto defaults (C_NEW, "N/A", -1000).
  const [s] = got.completedContainerStatuses;
  assert.deepEqual([s!.state, s!.diagnostics, s!.exitStatus], ["NEW", "N/A", -1000]);
  assert.equal(containerIdToString(s!.containerId), "container_1795664480404_0005_01_000002");
  assert.equal(allocateResponseFrom(hex("08 02")).amCommand, "AM_SHUTDOWN");
});

test("finish responses captured from the RM: not yet unregistered, then unregistered", () => {
  const finishes = capturedCalls("real-rm-session.json").filter((c) => c.method === "finishApplicationMaster");
  assert.deepEqual(
    finishes.map((c) => finishApplicationMasterResponseFrom(c.response)),
    [{ isUnregistered: false }, { isUnregistered: true }],
  );
  assert.deepEqual(finishApplicationMasterResponseFrom(hex("")), { isUnregistered: false }); // absent = default
});

test("malformed responses are FrameErrors naming the message (truncated field, missing required token field)", () => {
  assert.throws(
    () => allocateResponseFrom(hex("1a 05 0a")), // allocated_containers(3) of 5 bytes, 1 present
    (e: unknown) => e instanceof FrameError && /AllocateResponseProto/.test(e.message),
  );
  // am_rm_token(12) { identifier(1) = "" } lacks password, kind and service, which TokenProto requires.
  assert.throws(
    () => allocateResponseFrom(hex("62 02 0a 00")),
    (e: unknown) => e instanceof FrameError && /missing required/.test(e.message),
  );
});
