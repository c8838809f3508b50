import { test } from "node:test";
import assert from "node:assert/strict";
import { RpcConnection } from "../../../src/hadoop-rpc/connection.js";
import { RpcConnectionError, RpcRemoteError, SaslError } from "../../../src/hadoop-rpc/errors.js";
import { TokenKind, type Token } from "../../../src/hadoop-rpc/security/token.js";
import { FakeServer, type Reply } from "./fake-server.js";

const TOKEN: Token = {
  identifier: Buffer.from("0a0d0a0908051094", "hex"),
  password: Buffer.from("secret-password-bytes"),
  kind: TokenKind.AMRM,
  service: "",
};
const PROTOCOL = "org.apache.hadoop.yarn.api.ApplicationMasterProtocolPB";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(server: FakeServer, extra: Partial<Parameters<typeof RpcConnection.open>[1]> = {}) {
  return RpcConnection.open(server.client, { protocol: PROTOCOL, token: TOKEN, handshakeTimeoutMs: 2000, ...extra });
}

for (const [qops, expected] of [
  ["auth", "auth"],
  ["auth-int,auth", "auth-int"],
  ["auth-conf,auth-int,auth", "auth-conf"],
] as const) {
  test(`handshake and concurrent calls answered out of order, server QOPs ${qops}`, async () => {
    const held: [number, Buffer][] = [];
    const server = new FakeServer({
      tokens: [TOKEN],
      qops,
      handler: (_m, req, callId) => {
        held.push([callId, req]);
        if (held.length < 3) return "none";
        // answer all three, newest first
        for (const [id, r] of held.reverse()) server.respond(id, { body: Buffer.concat([Buffer.from("re:"), r]) });
        return "none";
      },
    });
    const conn = await open(server);
    assert.equal(conn.qop, expected);
    assert.deepEqual(server.preambleBytes, Buffer.from("6872706309 00df".replace(/ /g, ""), "hex"));
    assert.equal(server.seen.context.protocol, PROTOCOL);
    assert.equal(Object.prototype.hasOwnProperty.call(server.seen.context, "userInfo"), false);
    const results = await Promise.all(["a", "b", "c"].map((s) => conn.call("echo", Buffer.from(s))));
    assert.deepEqual(results.map(String), ["re:a", "re:b", "re:c"]);
    assert.equal(server.seen.rawSaslWraps > 0, expected !== "auth");
    conn.close();
  });
}

test("auth-conf: a call larger than one wrap is split and reassembled", async () => {
  const server = new FakeServer({
    tokens: [TOKEN],
    qops: "auth-conf",
    handler: (_m, req) => ({ body: req.subarray(0, 10) }),
  });
  const conn = await open(server);
  const big = Buffer.alloc(200_000, 0x5a);
  assert.deepEqual(await conn.call("big", big), big.subarray(0, 10));
  assert.ok(server.seen.rawSaslWraps >= 4);
  conn.close();
});

test("ERROR fails one call with the Java class; the connection stays usable", async () => {
  const cls = "org.apache.hadoop.yarn.exceptions.InvalidApplicationMasterRequestException";
  const server = new FakeServer({
    tokens: [TOKEN],
    handler: (m): Reply => (m === "bad" ? { error: cls, message: "Invalid responseId" } : { body: Buffer.from("ok") }),
  });
  const conn = await open(server);
  await assert.rejects(
    conn.call("bad", Buffer.alloc(0)),
    (e: any) => e instanceof RpcRemoteError && e.javaClassName === cls && !e.fatal && e.method === "bad",
  );
  assert.equal(String(await conn.call("good", Buffer.alloc(0))), "ok");
  conn.close();
});

test("FATAL fails every outstanding call and closes the connection", async () => {
  const server = new FakeServer({
    tokens: [TOKEN],
    handler: (m, _r, id): Reply =>
      m === "kill"
        ? (server.respond(id, { fatal: "org.apache.hadoop.ipc.RpcServerException", message: "boom" }), "none")
        : "none",
  });
  const conn = await open(server);
  const waiting = conn.call("slow", Buffer.alloc(0));
  const killing = conn.call("kill", Buffer.alloc(0));
  for (const p of [waiting, killing])
    await assert.rejects(p, (e: any) => e instanceof RpcRemoteError && e.fatal && e.code === "HADOOP_RPC_FATAL");
  assert.equal(conn.isOpen, false);
  await assert.rejects(conn.call("after", Buffer.alloc(0)), RpcRemoteError);
});

test("a wrong token password gets the server's FATAL SaslException", async () => {
  const server = new FakeServer({ tokens: [{ ...TOKEN, password: Buffer.from("other") }] });
  await assert.rejects(
    open(server),
    (e: any) => e instanceof RpcRemoteError && e.javaClassName === "javax.security.sasl.SaslException",
  );
});

test("a server that does not prove the password (bad rspauth) is refused", async () => {
  const server = new FakeServer({ tokens: [TOKEN], badRspauth: true });
  await assert.rejects(open(server), SaslError);
  assert.equal(server.closed, true);
});

test("the stream closing rejects outstanding calls with a retriable RpcConnectionError", async () => {
  const server = new FakeServer({ tokens: [TOKEN], handler: () => "none" });
  const conn = await open(server);
  const p = conn.call("hang", Buffer.alloc(0));
  await sleep(5);
  server.hangUp();
  await assert.rejects(p, (e: any) => e instanceof RpcConnectionError && e.retriable);
});

test("call timeout rejects that call only; a late answer is ignored", async () => {
  let lateId = -1;
  const server = new FakeServer({
    tokens: [TOKEN],
    handler: (m, _r, id) => (m === "late" ? ((lateId = id), "none") : { body: Buffer.from("x") }),
  });
  const conn = await open(server);
  await assert.rejects(conn.call("late", Buffer.alloc(0), 30), RpcConnectionError);
  server.respond(lateId, { body: Buffer.from("too late") });
  assert.equal(String(await conn.call("next", Buffer.alloc(0))), "x");
  assert.equal(conn.outstanding, 0);
  conn.close();
});

test("pings go out when idle (wrapped under auth-conf), and get no answer", async () => {
  const server = new FakeServer({ tokens: [TOKEN], qops: "auth-conf" });
  const conn = await open(server, { pingIntervalMs: 20 });
  await sleep(120);
  assert.ok(server.seen.pings >= 2, `pings: ${server.seen.pings}`);
  conn.close();
});

test("garbage from the server poisons the connection with a FrameError", async () => {
  const server = new FakeServer({ tokens: [TOKEN], handler: () => "none" });
  const conn = await open(server);
  const p = conn.call("x", Buffer.alloc(0));
  (server as any).dataListener(Buffer.from("00000003ffffff", "hex"));
  await assert.rejects(p, (e: any) => e.code === "HADOOP_RPC_FRAME");
});
