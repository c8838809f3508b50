// Replays sessions recorded against real Hadoop 3.4.2 servers running with
// hadoop.rpc.protection = privacy (auth-conf, 3DES) and integrity (auth-int): the WRAP tokens the
// Java server produced must unwrap with our keys and decode into the expected responses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { FrameDecoder } from "../../../src/hadoop-rpc/wire/frame-decoder.js";
import { decodeResponseFrame } from "../../../src/hadoop-rpc/wire/rpc-response.js";
import { splitDelimited } from "../../../src/hadoop-rpc/wire/frame.js";
import {
  ipcConnectionContextProto,
  rpcRequestHeaderProto,
  rpcSaslProto,
} from "../../../src/hadoop-rpc/wire/rpc-proto.js";
import { DigestMd5Client, sessionKey } from "../../../src/hadoop-rpc/sasl/digest-md5.js";
import { parseDirectives } from "../../../src/hadoop-rpc/sasl/digest-challenge.js";
import { SecurityLayer } from "../../../src/hadoop-rpc/sasl/digest-security-layer.js";
import { registerApplicationMasterResponseFrom } from "../../../src/hadoop-rpc/protocols/application-master-codec.js";
import { startContainersResponseFrom } from "../../../src/hadoop-rpc/protocols/container-management-codec.js";

const load = (n: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/hadoop-rpc/${n}`, import.meta.url), "utf8"));

for (const [mode, qop] of [
  ["privacy", "auth-conf"],
  ["integrity", "auth-int"],
] as const) {
  for (const who of ["rm", "nm"] as const) {
    test(`real ${who.toUpperCase()} session under ${mode}: ${qop} negotiated, Java's WRAP tokens unwrap and decode`, () => {
      const j = load(`real-${who}-session-${mode}.json`);
      const sent = new FrameDecoder().push(Buffer.from(j.sent, "hex").subarray(7));
      const received = new FrameDecoder().push(Buffer.from(j.received, "hex"));
      const identifier = Buffer.from(j.token.identifier, "hex");
      const password = Buffer.from(j.token.password, "hex");

      const neg: any = rpcSaslProto.decode(decodeResponseFrame(received[0]!).body!);
      const challenge = parseDirectives(Buffer.from(neg.auths[0].challenge).toString());
      assert.ok(challenge.qop!.split(",").includes(qop), challenge.qop);
      if (qop === "auth-conf") assert.ok(challenge.cipher!.split(",").includes("3des"), challenge.cipher);

      const initiate: any = rpcSaslProto.decode(splitDelimited(sent[1]!)[1]!);
      const ours = parseDirectives(Buffer.from(initiate.token).toString());
      assert.equal(ours.qop, qop);
      const client = new DigestMd5Client({
        username: identifier.toString("base64"),
        password: password.toString("base64"),
        protocol: "",
        serverId: "default",
        cnonce: ours.cnonce,
      });
      client.evaluateChallenge(neg.auths[0].challenge);
      client.verifyServerFinal((rpcSaslProto.decode(decodeResponseFrame(received[1]!).body!) as any).token);
      const clientLayer = client.securityLayer()!;

      // Server → client: every later frame is a WRAP envelope on callId -33.
      const plainIn = new FrameDecoder();
      const responses = received.slice(2).flatMap((f) => {
        const r = decodeResponseFrame(f);
        assert.equal(r.callId, -33);
        const m = rpcSaslProto.decode(r.body!);
        assert.equal(m.state, 5);
        return plainIn.push(clientLayer.unwrap(m.token!)).map(decodeResponseFrame);
      });
      assert.deepEqual(responses.map((r) => [r.callId, r.status]).slice(0, 2), [
        [0, "SUCCESS"],
        [1, "SUCCESS"],
      ]);
      if (who === "rm") {
        const reg = registerApplicationMasterResponseFrom(responses[0]!.body!);
        assert.deepEqual(reg.maximumCapability, { memoryMb: 8192, vcores: 8 });
      } else {
        const st = startContainersResponseFrom(responses[0]!.body!);
        assert.equal(st.succeeded.length, 1);
      }

      // Client → server: what we wrapped unwraps with the server-side keys into context + calls.
      const inputs = {
        username: ours.username!,
        realm: ours.realm!,
        password: password.toString("base64"),
        nonce: ours.nonce!,
        cnonce: ours.cnonce!,
        nc: ours.nc!,
        qop,
        digestUri: ours["digest-uri"]!,
      };
      const serverLayer = new SecurityLayer(sessionKey(inputs), qop, "server");
      const plainOut = new FrameDecoder();
      const requests = sent.slice(2).flatMap((f) => {
        const m = rpcSaslProto.decode(splitDelimited(f)[1]!);
        return plainOut.push(serverLayer.unwrap(m.token!));
      });
      const [ctxHeader, ctx] = splitDelimited(requests[0]!);
      assert.equal(rpcRequestHeaderProto.decode(ctxHeader!).callId, -3);
      assert.match(
        ipcConnectionContextProto.decode(ctx!).protocol!,
        who === "rm" ? /ApplicationMasterProtocolPB$/ : /ContainerManagementProtocolPB$/,
      );
    });
  }
}
