// Token.encodeToUrlString round trip on bytes written by hand from Token.write's layout
// (VInt len, identifier, VInt len, password, Text kind, Text service), not by our encoder.
import assert from "node:assert/strict";
import { test } from "node:test";
import { asHdfsRpcToken, decodeTokenUrl, encodeTokenUrl } from "../../../src/hadoop-io/index.js";

const identifier = "0a0d0a09080d109f81d5b2f32d100110fca7e6b103"; // 21 bytes (an AMRMTokenIdentifierProto)
const password = "00112233445566778899aabbccddeeff00112233"; // 20 bytes
const kind = Buffer.from("HDFS_DELEGATION_TOKEN").toString("hex");
const service = Buffer.from("127.0.0.1:9000").toString("hex");
const writable = Buffer.from(`15${identifier}14${password}15${kind}0e${service}`, "hex");
// URL-safe base64 without padding, as commons-codec's Base64(0, null, true) writes it.
const urlString = writable.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

test("a URL string decodes to its four fields and encodes back to the same string", () => {
  const t = decodeTokenUrl(urlString);
  assert.equal(t.identifier.toString("hex"), identifier);
  assert.equal(t.password.toString("hex"), password);
  assert.equal(t.kind, "HDFS_DELEGATION_TOKEN");
  assert.equal(t.service, "127.0.0.1:9000");
  assert.equal(encodeTokenUrl(t), urlString);
});

test("relabelling for RPC keeps identifier and password, sets kind and service", () => {
  const web = { ...decodeTokenUrl(urlString), kind: "WEBHDFS delegation", service: "127.0.0.1:9870" };
  const rpc = asHdfsRpcToken(web, "ha-hdfs:ns1");
  assert.deepEqual([rpc.kind, rpc.service], ["HDFS_DELEGATION_TOKEN", "ha-hdfs:ns1"]);
  assert.ok(rpc.identifier.equals(web.identifier) && rpc.password.equals(web.password));
});

test("garbage and trailing bytes are refused", () => {
  assert.throws(() => decodeTokenUrl("not base64!"), /URL-safe base64/);
  assert.throws(() => decodeTokenUrl(urlString + "AAAA"), /trailing bytes/);
});
