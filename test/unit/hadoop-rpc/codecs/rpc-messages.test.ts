// Byte tests of the hadoop.common messages' codecs that the framing tests (frame.test.ts) do not
// reach: SASL messages as the real server sends them and as our negotiation answers them, and
// TokenProto. Expected bytes are hand-assembled or captured from the real Hadoop 3.4.2 RM.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { FrameError } from "../../../../src/hadoop-rpc/errors.js";
import { SaslNegotiation } from "../../../../src/hadoop-rpc/sasl/negotiate.js";
import { FrameDecoder } from "../../../../src/hadoop-rpc/wire/frame-decoder.js";
import { decodeResponseFrame } from "../../../../src/hadoop-rpc/wire/rpc-response.js";
import { rpcSaslProto, tokenProto } from "../../../../src/hadoop-rpc/wire/rpc-proto.js";
import { ascii, hex, ld } from "../bytes.js";

const session = JSON.parse(
  readFileSync(new URL("../../../fixtures/hadoop-rpc/real-rm-session.json", import.meta.url), "utf8"),
);
const realNegotiate = () => decodeResponseFrame(new FrameDecoder().push(Buffer.from(session.received, "hex"))[0]!);

// SaslAuth { method(1) "TOKEN", mechanism(2) "DIGEST-MD5", protocol(3) "" (present!), serverId(4) "default" }
const TOKEN_DIGEST_AUTH = Buffer.concat([
  ld("0a", ascii("TOKEN")),
  ld("12", ascii("DIGEST-MD5")),
  hex("1a 00"),
  ld("22", ascii("default")),
]);

test('the RM\'s NEGOTIATE decodes with proto2 presence: protocol "" is there, version is not', () => {
  const neg = rpcSaslProto.decode(realNegotiate().body!);
  assert.equal(neg.state, 1);
  assert.equal("version" in neg, false);
  assert.equal(neg.auths!.length, 1);
  const { challenge, ...auth } = neg.auths![0]!;
  assert.deepEqual(auth, { method: "TOKEN", mechanism: "DIGEST-MD5", protocol: "", serverId: "default" });
  assert.match(Buffer.from(challenge!).toString(), /^realm="default",nonce="[^"]+",qop="auth",charset=utf-8/);
});

test("our INITIATE echoes the server's auth without its challenge (the RM compares them field by field)", () => {
  const sasl = new SaslNegotiation({ identifier: ascii("id"), password: ascii("pw") });
  const { reply, done } = sasl.handle(rpcSaslProto.decode(realNegotiate().body!));
  assert.equal(done, false);
  // The frame ends with the RpcSaslProto's auths(4) field; the token(3) before it holds a fresh cnonce.
  const echo = ld("22", TOKEN_DIGEST_AUTH);
  assert.deepEqual(reply!.subarray(reply!.length - echo.length), echo);
  // The same bytes closed the INITIATE our AM sent to the real RM, which accepted it.
  const sentInitiate = new FrameDecoder().push(Buffer.from(session.sent, "hex").subarray(7))[1]!;
  assert.deepEqual(sentInitiate.subarray(sentInitiate.length - echo.length), echo);
});

test("RpcSaslProto: state is required; without it the bytes are a FrameError", () => {
  assert.throws(
    () => rpcSaslProto.decode(ld("1a", ascii("x"))), // token(3) alone
    (e: unknown) => e instanceof FrameError && /RpcSaslProto.*missing required 'state'/.test(e.message),
  );
  assert.deepEqual(rpcSaslProto.decode(hex("10 05 1a 01 78")), { state: 5, token: ascii("x") }); // WRAP
});

test("TokenProto: the four required fields in order, empty service included", () => {
  const token = { identifier: hex("0a 01"), password: ascii("pw"), kind: "NMToken", service: "" };
  const bytes = Buffer.concat([hex("0a 02 0a 01"), ld("12", ascii("pw")), ld("1a", ascii("NMToken")), hex("22 00")]);
  assert.deepEqual(Buffer.from(tokenProto.encode(token)), bytes);
  assert.deepEqual(tokenProto.decode(bytes), token);
});
