import { test } from "node:test";
import assert from "node:assert/strict";
import { ApplicationMasterClient } from "../../../src/hadoop-rpc/protocols/application-master.js";
import { ContainerManagementClient } from "../../../src/hadoop-rpc/protocols/container-management.js";
import {
  allocateResponseProto,
  finishApplicationMasterRequestProto,
  finishApplicationMasterResponseProto,
  registerApplicationMasterRequestProto,
  registerApplicationMasterResponseProto,
} from "../../../src/hadoop-rpc/protocols/application-master-proto.js";
import {
  startContainersRequestProto,
  startContainersResponseProto,
} from "../../../src/hadoop-rpc/protocols/container-management-proto.js";
import {
  containerIdToString,
  parseContainerId,
  applicationAttemptIdToString,
} from "../../../src/hadoop-rpc/protocols/records.js";
import { RemoteJavaError } from "../../../src/errors.js";
import { TokenKind, type Token } from "../../../src/hadoop-rpc/security/token.js";
import { FakeServer, type Reply } from "./fake-server.js";
import { container2 } from "./records.js";
import { hex } from "./bytes.js";

const tok = (id: string, kind: string = TokenKind.AMRM): Token => ({
  identifier: Buffer.from(id),
  password: Buffer.from(`pw-${id}`),
  kind,
  service: "",
});
const CID = {
  app_id: { id: 5, cluster_timestamp: 1795664480404 },
  app_attempt_id: { application_id: { id: 5, cluster_timestamp: 1795664480404 }, attemptId: 1 },
  id: 2,
};

test("allocate request: one ask encodes to hand-written bytes (field numbers, response_id and progress present)", async () => {
  let seen: Buffer | undefined;
  const server = new FakeServer({
    tokens: [tok("a")],
    handler: (_m, req) => ((seen = req), { body: allocateResponseProto.encode({ response_id: 1 }) }),
  });
  const am = new ApplicationMasterClient({
    host: "rm",
    port: 8030,
    amrmToken: tok("a"),
    connect: async () => server.client,
  });
  const r = await am.allocate({
    responseId: 0,
    ask: [{ priority: 1, resourceName: "*", capability: { memoryMb: 128, vcores: 1 }, numContainers: 2 }],
  });
  assert.equal(r.responseId, 1);
  assert.deepEqual(
    seen,
    hex("0a 12  0a 02 08 01  12 01 2a  1a 05 08 80 01 10 01  20 02  28 01   20 00   2d 00 00 00 00"),
  );
  am.close();
});

test("allocate response: updated_nodes (field 6) from hand-written bytes: a LOST and an UNHEALTHY node", async () => {
  // AllocateResponseProto { response_id: 3, updated_nodes: [
  //   { nodeId { host "nm1", port 45454 }, node_state NS_LOST (5) },
  //   { nodeId { host "nm2", port 45455 }, node_state NS_UNHEALTHY (3), health_report "disk full" } ] }
  const body = hex(
    "10 03" +
      " 32 0d  0a 09 0a 03 6e 6d 31 10 8e e3 02  38 05" +
      " 32 18  0a 09 0a 03 6e 6d 32 10 8f e3 02  38 03  42 09 64 69 73 6b 20 66 75 6c 6c",
  );
  const server = new FakeServer({ tokens: [tok("a")], handler: () => ({ body }) });
  const am = new ApplicationMasterClient({
    host: "rm",
    port: 8030,
    amrmToken: tok("a"),
    connect: async () => server.client,
  });
  const r = await am.allocate({ responseId: 2 });
  assert.deepEqual(r.updatedNodes, [
    { nodeId: { host: "nm1", port: 45454 }, state: "LOST", healthReport: "" },
    { nodeId: { host: "nm2", port: 45455 }, state: "UNHEALTHY", healthReport: "disk full" },
  ]);
  am.close();
});

test("AMRMToken roll-over: the token from allocate is used by the next connection", async () => {
  const servers = [new FakeServer({ tokens: [tok("old")] }), new FakeServer({ tokens: [tok("new")] })];
  let n = 0;
  const replies: Reply[] = [
    {
      body: allocateResponseProto.encode({
        response_id: 1,
        am_rm_token: {
          identifier: Buffer.from("new"),
          password: Buffer.from("pw-new"),
          kind: TokenKind.AMRM,
          service: "",
        },
      }),
    },
    { body: allocateResponseProto.encode({ response_id: 2 }) },
  ];
  for (const s of servers) (s as any).opts.handler = () => replies.shift()!;
  const am = new ApplicationMasterClient({
    host: "rm",
    port: 8030,
    amrmToken: tok("old"),
    connect: async () => servers[n++]!.client,
  });
  const r1 = await am.allocate({ responseId: 0 });
  assert.equal(r1.amRmToken?.identifier.toString(), "new");
  assert.equal(am.amrmToken.identifier.toString(), "new");
  servers[0]!.hangUp(); // the RM drops the connection; the next call reconnects
  await new Promise((r) => setTimeout(r, 5));
  const r2 = await am.allocate({ responseId: 1 });
  assert.equal(r2.responseId, 2);
  assert.deepEqual(
    servers.map((s) => s.seen.users),
    [[Buffer.from("old").toString("base64")], [Buffer.from("new").toString("base64")]],
  );
  am.close();
});

test("register and finish: typed responses; Java exceptions surface with their class", async () => {
  const server = new FakeServer({
    tokens: [tok("a")],
    handler: (m, req): Reply => {
      if (m === "registerApplicationMaster") {
        const r = registerApplicationMasterRequestProto.decode(req);
        assert.equal(r.rpc_port, -1);
        return {
          body: registerApplicationMasterResponseProto.encode({
            maximumCapability: { memory: 8192, virtual_cores: 8 },
            queue: "root.default",
          }),
        };
      }
      const f = finishApplicationMasterRequestProto.decode(req);
      if (f.final_application_status !== 1)
        return { error: "org.apache.hadoop.yarn.exceptions.YarnException", message: "unexpected" };
      assert.equal(f.diagnostics, "all good");
      return { body: finishApplicationMasterResponseProto.encode({ isUnregistered: true }) };
    },
  });
  const am = new ApplicationMasterClient({
    host: "rm",
    port: 8030,
    amrmToken: tok("a"),
    connect: async () => server.client,
  });
  const reg = await am.registerApplicationMaster({ host: "h", rpcPort: -1, trackingUrl: "" });
  assert.deepEqual([reg.maximumCapability, reg.queue], [{ memoryMb: 8192, vcores: 8 }, "root.default"]);
  assert.deepEqual(await am.finishApplicationMaster({ finalApplicationStatus: "SUCCEEDED", diagnostics: "all good" }), {
    isUnregistered: true,
  });
  await assert.rejects(
    am.finishApplicationMaster({ finalApplicationStatus: "FAILED" }),
    (e: any) => e instanceof RemoteJavaError && e.javaClassName.endsWith("YarnException"),
  );
  am.close();
});

test("startContainers: per-container failures come back typed, with the container token passed through", async () => {
  const server = new FakeServer({
    tokens: [tok("nm", TokenKind.NM)],
    handler: (_m, req): Reply => {
      const r = startContainersRequestProto.decode(req);
      const s = r.start_container_request![0]!;
      assert.equal(s.container_token!.kind, "ContainerToken");
      const clc = s.container_launch_context!;
      assert.deepEqual(clc.command, ["echo hi"]);
      assert.deepEqual(
        clc.environment!.map((e) => [e.key, e.value]),
        [["A", "1"]],
      );
      const lr = clc.localResources![0]!;
      assert.deepEqual(
        [lr.key, lr.value!.resource!.scheme, lr.value!.resource!.file, lr.value!.type, lr.value!.visibility],
        ["env", "hdfs", "/x.tgz", 1, 2],
      );
      return {
        body: startContainersResponseProto.encode({
          failed_requests: [
            {
              container_id: CID,
              exception: {
                class_name: "org.apache.hadoop.yarn.exceptions.InvalidToken",
                message: "Invalid container token",
              },
            },
          ],
        }),
      };
    },
  });
  const nm = new ContainerManagementClient({
    host: "nm",
    port: 8041,
    nmToken: tok("nm", TokenKind.NM),
    connect: async () => server.client,
  });
  const container = container2("nm", 8041);
  const res = await nm.startContainers([
    {
      container,
      launchContext: {
        commands: ["echo hi"],
        environment: { A: "1" },
        localResources: {
          env: {
            resource: { scheme: "hdfs", file: "/x.tgz" },
            size: 10,
            timestamp: 1,
            type: "ARCHIVE",
            visibility: "PRIVATE",
          },
        },
      },
    },
  ]);
  assert.equal(res.succeeded.length, 0);
  assert.equal(containerIdToString(res.failed[0]!.containerId), "container_1795664480404_0005_01_000002");
  assert.equal(res.failed[0]!.error.javaClassName, "org.apache.hadoop.yarn.exceptions.InvalidToken");
  nm.close();
});

test("container id strings round-trip, including the RM epoch", () => {
  for (const s of ["container_1795664480404_0005_01_000002", "container_e17_1795664480404_0005_01_1000000"]) {
    assert.equal(containerIdToString(parseContainerId(s)), s);
  }
  const c = parseContainerId("container_e17_1795664480404_0005_02_000003");
  assert.equal(c.id, 17 * 2 ** 40 + 3);
  assert.equal(applicationAttemptIdToString(c.applicationAttemptId), "appattempt_1795664480404_0005_000002");
  assert.throws(() => parseContainerId("application_1_2"), /not a container id/);
});
