// Replays byte streams recorded against the real Hadoop 3.4.2 RM and NM (see fixtures README):
// the server's NEGOTIATE challenge, our response, and the server's rspauth, which proves the
// server computed the same digest from the token as we did; then the real responses decode.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { FrameDecoder } from "../../../src/hadoop-rpc/wire/frame-decoder.js";
import { decodeResponseFrame } from "../../../src/hadoop-rpc/wire/rpc-response.js";
import { splitDelimited } from "../../../src/hadoop-rpc/wire/frame.js";
import { rpcSaslProto, requestHeaderProto } from "../../../src/hadoop-rpc/wire/rpc-proto.js";
import { DigestMd5Client } from "../../../src/hadoop-rpc/sasl/digest-md5.js";
import { parseDirectives } from "../../../src/hadoop-rpc/sasl/digest-challenge.js";
import {
  allocateResponseFrom,
  registerApplicationMasterResponseFrom,
} from "../../../src/hadoop-rpc/protocols/application-master-codec.js";
import {
  getContainerStatusesResponseFrom,
  startContainersResponseFrom,
} from "../../../src/hadoop-rpc/protocols/container-management-codec.js";
import { containerIdToString } from "../../../src/hadoop-rpc/protocols/records.js";
import { hex } from "./bytes.js";

function session(name: string) {
  const j = JSON.parse(readFileSync(new URL(`../../fixtures/hadoop-rpc/${name}`, import.meta.url), "utf8"));
  const sent = Buffer.from(j.sent, "hex");
  return {
    token: { identifier: Buffer.from(j.token.identifier, "hex"), password: Buffer.from(j.token.password, "hex") },
    preamble: sent.subarray(0, 7),
    sent: new FrameDecoder().push(sent.subarray(7)),
    received: new FrameDecoder().push(Buffer.from(j.received, "hex")),
  };
}

for (const [name, protocol] of [
  ["real-rm-session.json", "org.apache.hadoop.yarn.api.ApplicationMasterProtocolPB"],
  ["real-nm-session.json", "org.apache.hadoop.yarn.api.ContainerManagementProtocolPB"],
] as const) {
  test(`${name}: SASL TOKEN/DIGEST-MD5 against the real server verifies`, () => {
    const s = session(name);
    assert.deepEqual(s.preamble, hex("68 72 70 63 09 00 df"));
    const negotiate = decodeResponseFrame(s.received[0]!);
    assert.equal(negotiate.callId, -33);
    const neg: any = rpcSaslProto.decode(negotiate.body!);
    assert.equal(neg.state, 1);
    const auth = neg.auths[0];
    assert.deepEqual(
      [auth.method, auth.mechanism, auth.protocol, auth.serverId],
      ["TOKEN", "DIGEST-MD5", "", "default"],
    );
    const challenge = parseDirectives(Buffer.from(auth.challenge).toString());
    assert.equal(challenge.qop, "auth");
    // Our INITIATE as sent: frame 1 after NEGOTIATE (frame 0).
    const initiate: any = rpcSaslProto.decode(splitDelimited(s.sent[1]!)[1]!);
    assert.equal(initiate.state, 2);
    assert.equal(initiate.auths[0].challenge, undefined); // not echoed back: absent on the wire
    const sentResponse = parseDirectives(Buffer.from(initiate.token).toString());
    const client = new DigestMd5Client({
      username: s.token.identifier.toString("base64"),
      password: s.token.password.toString("base64"),
      protocol: "",
      serverId: "default",
      cnonce: sentResponse.cnonce,
    });
    assert.equal(parseDirectives(client.evaluateChallenge(auth.challenge).toString()).response, sentResponse.response);
    const success: any = rpcSaslProto.decode(decodeResponseFrame(s.received[1]!).body!);
    assert.equal(success.state, 0);
    client.verifyServerFinal(success.token); // the server's rspauth
    // Then: connection context (callId -3, protocol only), and calls 0, 1, ….
    const ctxHeader = splitDelimited(s.sent[2]!);
    assert.deepEqual(ctxHeader[0]!.subarray(0, 6), hex("08 02 10 00 18 05"));
    assert.deepEqual(ctxHeader[1], Buffer.concat([hex("1a"), Buffer.from([protocol.length]), Buffer.from(protocol)]));
    const call0 = splitDelimited(s.sent[3]!);
    assert.equal(requestHeaderProto.decode(call0[1]!).declaringClassProtocolName, protocol);
  });
}

test("real RM responses decode: register, then allocates with 2 containers and an NMToken", () => {
  const s = session("real-rm-session.json");
  const responses = s.received.slice(2).map(decodeResponseFrame);
  assert.deepEqual(
    responses.slice(0, 3).map((r) => [r.callId, r.status]),
    [
      [0, "SUCCESS"],
      [1, "SUCCESS"],
      [2, "SUCCESS"],
    ],
  );
  const reg = registerApplicationMasterResponseFrom(responses[0]!.body!);
  assert.deepEqual(reg.maximumCapability, { memoryMb: 8192, vcores: 8 });
  assert.equal(reg.queue, "root.default");
  const allocs = responses.slice(1).map((r) => allocateResponseFrom(r.body!));
  assert.deepEqual(allocs.map((a) => a.responseId).slice(0, 3), [1, 2, 3]);
  const containers = allocs.flatMap((a) => a.allocatedContainers);
  assert.equal(containers.length, 2);
  for (const c of containers) {
    assert.match(containerIdToString(c.id), /^container_\d+_\d{4}_01_00000[23]$/);
    assert.deepEqual(c.resource, { memoryMb: 128, vcores: 1 });
    assert.equal(c.containerToken.kind, "ContainerToken");
    assert.equal(c.nodeId.port, 8041);
  }
  const nmTokens = allocs.flatMap((a) => a.nmTokens);
  assert.equal(nmTokens.length, 1); // only with the first container on the node
  assert.equal(nmTokens[0]!.token.kind, "NMToken");
});

test("real NM responses decode: startContainers succeeded, getContainerStatuses RUNNING", () => {
  const s = session("real-nm-session.json");
  const [start, statuses] = s.received.slice(2).map(decodeResponseFrame);
  const st = startContainersResponseFrom(start!.body!);
  assert.equal(st.succeeded.length, 1);
  assert.equal(st.failed.length, 0);
  const gs = getContainerStatusesResponseFrom(statuses!.body!);
  assert.equal(gs.statuses[0]!.state, "RUNNING");
});
