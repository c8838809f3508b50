// Size limits and timeouts on both sides: bodies over 64 KiB → 413 (declared or chunked), slow
// headers cut, long-polls not cut by the request timeout, and the client's own failure modes
// (nothing listening, no answer, an answer that is not ours).
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { ControlClient, ControlError, kvPath, MAX_BODY_BYTES, ROUTES } from "../../../src/control/index.js";
import { auth, harness, raw, SECRET, type Harness } from "./support.js";

let h: Harness;
before(async () => (h = await harness()));
after(() => h.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test("a value that makes the body exceed 64 KiB → 413 CONTROL_BAD_REQUEST, nothing stored", async () => {
  await assert.rejects(h.client.kvPut("big", "x".repeat(MAX_BODY_BYTES)), (err: unknown) => {
    assert.ok(err instanceof ControlError);
    assert.equal(err.code, "CONTROL_BAD_REQUEST");
    assert.equal(err.httpStatus, 413);
    assert.equal(err.serverCode, "PAYLOAD_TOO_LARGE");
    return true;
  });
  assert.equal(h.server.kv.get("big"), undefined);
  // Just under the limit is fine.
  const fits = "y".repeat(MAX_BODY_BYTES - '{"value":""}'.length);
  await h.client.kvPut("fits", fits);
  assert.equal(await h.client.kvGet("fits"), fits);
});

test("a chunked body without Content-Length is cut off at the limit too", async () => {
  const chunk = Buffer.alloc(16 * 1024, 0x20);
  const r = await raw(h.server.url + ROUTES.scale, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    chunks: Array(5).fill(chunk),
  });
  assert.equal(r.status, 413);
  assert.equal(JSON.parse(r.body).error.code, "PAYLOAD_TOO_LARGE");
  assert.deepEqual(h.core.scaled, []);
});

test("a client that sends its headers too slowly is disconnected", async () => {
  const slow = await harness({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
  try {
    const socket = connect(slow.server.port, "127.0.0.1");
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n");
    let answer = "";
    socket.on("data", (d) => (answer += d));
    const started = Date.now();
    await new Promise((r) => socket.on("close", r));
    assert.ok(Date.now() - started < 2_000);
    assert.match(answer, /^HTTP\/1\.1 408/);
  } finally {
    await slow.close();
  }
});

test("a long-poll outlives the request timeout: that timeout is for receiving the request", async () => {
  const short = await harness({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
  try {
    const waiting = short.client.kvWait("slow.key", 5_000);
    await sleep(900);
    await short.client.kvPut("slow.key", "still here");
    assert.equal(await waiting, "still here");
  } finally {
    await short.close();
  }
});

test("nothing listening → CONTROL_UNREACHABLE", async () => {
  const s = createServer();
  const url = await listen(s);
  await new Promise((r) => s.close(r));
  await assert.rejects(new ControlClient(url, SECRET).status(), (err: unknown) => {
    assert.ok(err instanceof ControlError);
    assert.equal(err.code, "CONTROL_UNREACHABLE");
    assert.ok(err.hint);
    return true;
  });
});

test("no answer within the timeout → CONTROL_TIMEOUT (and a long-poll gets its wait on top)", async () => {
  const hung = createServer(() => {});
  const url = await listen(hung);
  try {
    const client = new ControlClient(url, SECRET, { timeoutMs: 150 });
    const started = Date.now();
    await assert.rejects(client.status(), { code: "CONTROL_TIMEOUT" });
    assert.ok(Date.now() - started < 1_000);
    const waitStarted = Date.now();
    await assert.rejects(client.kvWait("k", 300), { code: "CONTROL_TIMEOUT" });
    assert.ok(Date.now() - waitStarted >= 400, "the request deadline is the wait plus the timeout");
  } finally {
    hung.closeAllConnections();
    await new Promise((r) => hung.close(r));
  }
});

test("answers that are not the API's JSON become CONTROL_SERVER_ERROR / CONTROL_BAD_REQUEST", async () => {
  const proxy = createServer((req, res) => {
    if (req.url === ROUTES.status) {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>login</html>");
    } else {
      res.writeHead(req.url === ROUTES.scale ? 502 : 404, { "Content-Type": "text/html" });
      res.end("<html><body>Bad Gateway</body></html>");
    }
  });
  const url = await listen(proxy);
  try {
    const client = new ControlClient(url + "/", SECRET);
    await assert.rejects(client.status(), { code: "CONTROL_SERVER_ERROR", message: /not JSON/ });
    await assert.rejects(client.scale("w", 1), { code: "CONTROL_SERVER_ERROR", httpStatus: 502 });
    await assert.rejects(client.kvGet("k"), { code: "CONTROL_BAD_REQUEST", httpStatus: 404 });
  } finally {
    await new Promise((r) => proxy.close(r));
  }
});

test("the client refuses a URL that is not http(s)", () => {
  assert.throws(() => new ControlClient("ftp://am:1", SECRET), { code: "CONTROL_BAD_REQUEST" });
  assert.throws(() => new ControlClient("not a url", SECRET));
});

test("wait=0 on a present key answers at once with its value", async () => {
  const r = await raw(h.server.url + kvPath("fits") + "?wait=0", { headers: auth });
  assert.equal(r.status, 200);
  assert.equal(JSON.parse(r.body).key, "fits");
});
