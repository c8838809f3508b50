// plainExchange (node:http, no axios) keeps what the Hadoop clients relied on from axios: the query
// from params, a JSON body, any status returned, redirects not followed, JSON parsed else text,
// Buffer / stream bodies when asked, and a deadline that fails as a network error.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { after, test } from "node:test";
import { HadoopHttp, isNetworkError, simple } from "../../../src/hadoop-http/index.js";
import { plainExchange } from "../../../src/hadoop-http/transport.js";

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function serve(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<string> {
  const s = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => handler(req, body, res));
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

test("params become the query (undefined left out), a JSON body is sent as JSON, a JSON answer is parsed", async () => {
  const url = await serve((req, body, res) => {
    res.writeHead(202, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ url: req.url, type: req.headers["content-type"], accept: req.headers.accept, body }));
  });
  const r = await plainExchange({
    method: "PUT",
    url: `${url}/ws/v1/x?a=1`,
    params: { op: "OPEN", offset: 0, length: undefined, "user.name": "al ice", ok: true },
    json: { state: "KILLED" },
    headers: {},
    timeoutMs: 5000,
  });
  assert.equal(r.status, 202);
  const data = r.data as Record<string, string>;
  assert.equal(data.url, "/ws/v1/x?a=1&op=OPEN&offset=0&user.name=al+ice&ok=true");
  assert.equal(data.type, "application/json");
  assert.match(data.accept!, /^application\/json/);
  assert.deepEqual(JSON.parse(data.body!), { state: "KILLED" });
});

test("a redirect is returned, not followed; a text body stays text; an error status is an answer", async () => {
  const url = await serve((req, _body, res) => {
    if (req.url === "/moved") {
      res.writeHead(307, { Location: "http://127.0.0.1:1/elsewhere" });
      res.end();
    } else {
      res.writeHead(503, { "Content-Type": "text/plain" });
      res.end("This is standby RM.");
    }
  });
  const moved = await plainExchange({ method: "GET", url: `${url}/moved`, headers: {}, timeoutMs: 5000 });
  assert.equal(moved.status, 307);
  assert.equal(moved.headers.location, "http://127.0.0.1:1/elsewhere");
  const standby = await plainExchange({ method: "GET", url: `${url}/x`, headers: {}, timeoutMs: 5000 });
  assert.equal(standby.status, 503);
  assert.equal(standby.data, "This is standby RM.");
});

test("arraybuffer gives a Buffer, stream the response to read", async () => {
  const url = await serve((_req, _body, res) => res.end(Buffer.from([0, 1, 2, 255])));
  const bytes = await plainExchange({ method: "GET", url, headers: {}, responseType: "arraybuffer", timeoutMs: 5000 });
  assert.deepEqual(bytes.data, Buffer.from([0, 1, 2, 255]));
  const streamed = await plainExchange({ method: "GET", url, headers: {}, responseType: "stream", timeoutMs: 5000 });
  const chunks: Buffer[] = [];
  for await (const c of streamed.data as Readable) chunks.push(c as Buffer);
  assert.deepEqual(Buffer.concat(chunks), Buffer.from([0, 1, 2, 255]));
});

test("no answer within the deadline: a network error (the next address is tried), within the bound", async () => {
  const url = await serve(() => undefined); // never answers
  const t0 = Date.now();
  await assert.rejects(plainExchange({ method: "GET", url, headers: {}, timeoutMs: 300 }), (e) => {
    assert.ok(isNetworkError(e), String(e));
    return true;
  });
  assert.ok(Date.now() - t0 < 3000);
});

test("an upload whose body stream already flows (a progress listener) arrives whole while axios loads", async () => {
  let received = -1;
  const url = await serve((_req, body, res) => {
    received = body.length;
    res.writeHead(201);
    res.end();
  });
  const bytes = Buffer.alloc(4 * 1024 * 1024, 97);
  const body = Readable.from([bytes.subarray(0, 2 ** 21), bytes.subarray(2 ** 21)]);
  let seen = 0;
  body.on("data", (c: Buffer) => (seen += c.length)); // as webhdfs/transfer.ts counts progress
  const http = new HadoopHttp({ urls: [url], auth: simple("alice"), timeoutMs: 10_000, role: "DataNode" });
  const res = await http.exchange({
    method: "PUT",
    url: `${url}/webhdfs/v1/f?op=CREATE`,
    data: body,
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(bytes.length) },
    authenticate: false,
  });
  assert.equal(res.status, 201);
  assert.equal(received, bytes.length);
  assert.equal(seen, bytes.length);
});
