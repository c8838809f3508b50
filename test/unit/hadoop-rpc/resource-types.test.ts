// Extra resource types (yarn.io/gpu, …) on the wire: ResourceProto.resource_value_map (field 3) of
// ResourceInformationProto{key=1, value=2, units=3, type=4}, and the RM's list of known types in
// RegisterApplicationMasterResponseProto.resource_types (field 9) of ResourceTypeInfoProto{name=1,
// units=2, type=3}. Field numbers from the hadoop-yarn-api 3.4.2 classes' *_FIELD_NUMBER constants;
// the expected bytes below are written by hand, not produced by our encoder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApplicationMasterClient } from "../../../src/hadoop-rpc/protocols/application-master.js";
import { TokenKind, type Token } from "../../../src/hadoop-rpc/security/token.js";
import { serviceAsks } from "../../../src/appmaster/yarn/asks.js";
import { AppModel } from "../../../src/appmaster/model.js";
import { FakeServer } from "./fake-server.js";
import { hex } from "./bytes.js";
import { appSpec, service, want } from "../appmaster/support.js";

const tok: Token = { identifier: Buffer.from("a"), password: Buffer.from("pw"), kind: TokenKind.AMRM, service: "" };
const GPU = "79 61 72 6e 2e 69 6f 2f 67 70 75"; // "yarn.io/gpu", 11 bytes

function client(handler: (m: string, req: Buffer) => Buffer): { am: ApplicationMasterClient; seen: Buffer[] } {
  const seen: Buffer[] = [];
  const server = new FakeServer({ tokens: [tok], handler: (m, req) => (seen.push(req), { body: handler(m, req) }) });
  const am = new ApplicationMasterClient({
    host: "rm",
    port: 8030,
    amrmToken: tok,
    connect: async () => server.client,
  });
  return { am, seen };
}

test("an ask with yarn.io/gpu: 1 carries a resource_value_map entry (key, value, type COUNTABLE, no units)", async () => {
  const { am, seen } = client(() => hex("10 01")); // AllocateResponseProto{response_id: 1}
  await am.allocate({
    responseId: 0,
    ask: [
      {
        priority: 1,
        resourceName: "*",
        capability: { memoryMb: 128, vcores: 1, others: { "yarn.io/gpu": 1 } },
        numContainers: 2,
      },
    ],
  });
  const entry = `0a 0b ${GPU}  10 01  20 00`; // 17 bytes
  const capability = `08 80 01  10 01  1a 11 ${entry}`; // 24 bytes
  const ask = `0a 02 08 01  12 01 2a  1a 18 ${capability}  20 02  28 01`; // 37 bytes
  assert.deepEqual(seen[0], hex(`0a 25 ${ask}  20 00  2d 00 00 00 00`));
  am.close();
});

test("without extra types the capability is memory + vcores only (no empty map)", async () => {
  const { am, seen } = client(() => hex("10 01"));
  await am.allocate({
    responseId: 0,
    ask: [{ priority: 1, resourceName: "*", capability: { memoryMb: 128, vcores: 1, others: {} }, numContainers: 2 }],
  });
  assert.deepEqual(
    seen[0],
    hex("0a 12  0a 02 08 01  12 01 2a  1a 05 08 80 01 10 01  20 02  28 01   20 00   2d 00 00 00 00"),
  );
  am.close();
});

test("register: the RM's resource types and the extra types of maximumCapability are read", async () => {
  const maxCap = `08 80 40  10 08  1a 0f 0a 0b ${GPU} 10 04`; // 22 bytes // memory 8192, vcores 8, gpu 4
  const { am } = client(() =>
    hex(
      `0a 16 ${maxCap}` +
        `  4a 0b 0a 09 6d 65 6d 6f 72 79 2d 6d 62` + // {name: "memory-mb"}
        `  4a 0f 0a 0b ${GPU} 12 00 18 00`, // {name: "yarn.io/gpu", units: "", type: COUNTABLE}
    ),
  );
  const reg = await am.registerApplicationMaster({ host: "h", rpcPort: 1, trackingUrl: "" });
  assert.deepEqual(reg.maximumCapability, { memoryMb: 8192, vcores: 8, others: { "yarn.io/gpu": 4 } });
  assert.deepEqual(reg.resourceTypes, ["memory-mb", "yarn.io/gpu"]);
  am.close();
});

test("a service's resources go into its asks' capability", () => {
  const m = new AppModel(appSpec({ a: service({ memoryMiB: 1024, vcores: 2, resources: { "yarn.io/gpu": 2 } }) }));
  const [ask] = serviceAsks(want(m.service("a"), 1));
  assert.deepEqual(ask!.capability, { memoryMb: 1024, vcores: 2, others: { "yarn.io/gpu": 2 } });
});
