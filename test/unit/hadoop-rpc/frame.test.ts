import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthProtocol, connectionHeader } from "../../../src/hadoop-rpc/wire/connection-header.js";
import {
  encodeCallFrame,
  encodeConnectionContextFrame,
  encodePingFrame,
  encodeSaslFrame,
} from "../../../src/hadoop-rpc/wire/rpc-request.js";
import { encodeFrame, splitDelimited } from "../../../src/hadoop-rpc/wire/frame.js";
import { decodeResponseFrame, remoteErrorOf } from "../../../src/hadoop-rpc/wire/rpc-response.js";
import { CallIdCounter } from "../../../src/hadoop-rpc/wire/call-ids.js";
import { FrameError, RpcRemoteError } from "../../../src/hadoop-rpc/errors.js";
import { ascii, CLIENT_ID, frame, hex, short } from "./bytes.js";

const AMP = "org.apache.hadoop.yarn.api.ApplicationMasterProtocolPB";

test("preamble: hrpc, version 9, service class 0, auth byte", () => {
  assert.deepEqual(connectionHeader(), hex("68 72 70 63 09 00 df"));
  assert.deepEqual(connectionHeader(AuthProtocol.NONE), hex("68 72 70 63 09 00 00"));
});

test("SASL NEGOTIATE frame: rpcKind 2 and rpcOp 0 present, callId -33 zig-zag, empty clientId, retry -1", () => {
  const expected = hex("00 00 00 0e  0a 08 02 10 00 18 41 22 00 28 01  02 10 01");
  assert.deepEqual(encodeSaslFrame({ state: 1 }), expected);
});

test('SaslAuth keeps protocol "" on the wire (Java compares auths with presence)', () => {
  const got = encodeSaslFrame({
    state: 2,
    token: Buffer.from("x"),
    auths: [{ method: "TOKEN", mechanism: "DIGEST-MD5", protocol: "", serverId: "default" }],
  });
  const auth = Buffer.concat([
    hex("0a"),
    short(ascii("TOKEN")),
    hex("12"),
    short(ascii("DIGEST-MD5")),
    hex("1a 00"),
    hex("22"),
    short(ascii("default")),
  ]);
  const sasl = Buffer.concat([hex("10 02 1a 01 78 22"), short(auth)]);
  assert.deepEqual(got, frame(short(hex("08 02 10 00 18 41 22 00 28 01")), short(sasl)));
});

test("connection context frame matches the hand-decoded bytes of the notes", () => {
  const expected = Buffer.concat([
    hex("00 00 00 54 1a 08 02 10 00 18 05 22 10"),
    CLIENT_ID,
    hex("28 01 38 1a 36"),
    ascii(AMP),
  ]);
  assert.deepEqual(encodeConnectionContextFrame(AMP, CLIENT_ID), expected);
});

test("ping frame: header only, callId -4", () => {
  const expected = Buffer.concat([hex("00 00 00 1b 1a 08 02 10 00 18 07 22 10"), CLIENT_ID, hex("28 01")]);
  assert.deepEqual(encodePingFrame(CLIENT_ID), expected);
});

test("call frame: header, RequestHeaderProto, message (registerApplicationMaster example)", () => {
  const request = Buffer.concat([hex("0a 07"), ascii("am-host"), hex("10 ff ff ff ff ff ff ff ff ff 01 1a 00")]);
  const expected = Buffer.concat([
    hex("00 00 00 88 1a 08 02 10 00 18 00 22 10"),
    CLIENT_ID,
    hex("28 00"),
    hex("55 0a 19"),
    ascii("registerApplicationMaster"),
    hex("12 36"),
    ascii(AMP),
    hex("18 01"),
    hex("16"),
    request,
  ]);
  const got = encodeCallFrame({
    callId: 0,
    clientId: CLIENT_ID,
    method: "registerApplicationMaster",
    protocol: AMP,
    protocolVersion: 1,
    request,
  });
  assert.deepEqual(got, expected);
});

test("call id 300 is zig-zag encoded as a two-byte varint", () => {
  const got = encodeCallFrame({
    callId: 300,
    clientId: CLIENT_ID,
    method: "m",
    protocol: "p",
    protocolVersion: 1,
    request: hex(""),
  });
  // zig-zag(300) = 600 = 0x258 -> d8 04
  assert.deepEqual(got.subarray(5, 13), hex("08 02 10 00 18 d8 04 22"));
});

test("encodeFrame / splitDelimited agree with hand bytes, including an empty message", () => {
  assert.deepEqual(encodeFrame([hex("aa bb"), hex("")]), hex("00 00 00 04 02 aa bb 00"));
  assert.deepEqual(splitDelimited(hex("02 aa bb 00 01 cc")), [hex("aa bb"), hex(""), hex("cc")]);
  assert.throws(() => splitDelimited(hex("05 aa")), FrameError);
  assert.throws(() => splitDelimited(hex("80")), FrameError);
});

test("SUCCESS response: callId, status and body", () => {
  const header = Buffer.concat([hex("08 05 10 00 3a 10"), CLIENT_ID, hex("40 00")]);
  const body = frame(short(header), short(hex("08 01"))).subarray(4);
  const r = decodeResponseFrame(body);
  assert.equal(r.callId, 5);
  assert.equal(r.status, "SUCCESS");
  assert.deepEqual(r.body, hex("08 01"));
});

test("SASL response: callId arrives as uint32 4294967263 and is read back as -33", () => {
  const r = decodeResponseFrame(Buffer.concat([short(hex("08 df ff ff ff 0f 10 00")), short(hex("10 00"))]));
  assert.equal(r.callId, -33);
  assert.deepEqual(r.body, hex("10 00"));
});

test("ERROR response: Java class, message and detail become an RpcRemoteError", () => {
  const cls = "org.apache.hadoop.yarn.exceptions.ApplicationMasterNotRegisteredException";
  const header = Buffer.concat([
    hex("08 07 10 01 22"),
    short(ascii(cls)),
    hex("2a"),
    short(ascii("not registered")),
    hex("30 01"),
  ]);
  const r = decodeResponseFrame(short(header));
  assert.equal(r.callId, 7);
  assert.equal(r.status, "ERROR");
  assert.equal(r.body, undefined);
  const err = remoteErrorOf(r, "allocate");
  assert.ok(err instanceof RpcRemoteError);
  assert.equal(err.code, "HADOOP_RPC_REMOTE");
  assert.equal(err.javaClassName, cls);
  assert.equal(err.errorDetail, "ERROR_APPLICATION");
  assert.equal(err.fatal, false);
});

test("FATAL response with callId -1 (authorization failed before SASL)", () => {
  const header = Buffer.concat([
    hex("08 ff ff ff ff 0f 10 02 22"),
    short(ascii("org.apache.hadoop.security.AccessControlException")),
    hex("30 0f"),
  ]);
  const r = decodeResponseFrame(short(header));
  assert.equal(r.callId, -1);
  const err = remoteErrorOf(r);
  assert.equal(err.fatal, true);
  assert.equal(err.code, "HADOOP_RPC_FATAL");
  assert.equal(err.errorDetail, "FATAL_UNAUTHORIZED");
});

test("malformed response headers are FrameErrors", () => {
  assert.throws(() => decodeResponseFrame(hex("")), FrameError);
  assert.throws(() => decodeResponseFrame(short(hex("08 01"))), FrameError); // status missing (required)
  assert.throws(() => decodeResponseFrame(short(hex("08 01 10 09"))), FrameError); // unknown status
});

test("call ids count from 0 and wrap to 0 after int32 max", () => {
  const c = new CallIdCounter();
  assert.deepEqual([c.take(), c.take(), c.take()], [0, 1, 2]);
  (c as any).next = 0x7fffffff;
  assert.deepEqual([c.take(), c.take()], [0x7fffffff, 0]);
});
