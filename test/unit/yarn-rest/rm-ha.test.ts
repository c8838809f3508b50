// RM HA logic against tiny local HTTP servers that answer like a standby and an active RM
// (the standby's 307 + "This is standby RM" body is RMWebAppFilter's behaviour).
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { TsdaskError } from "../../../src/errors.js";
import { ResourceManagerClient } from "../../../src/yarn-rest/index.js";

interface Seen {
  method: string;
  url: string;
  body: string;
}

async function server(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[]; srv: Server }> {
  const seen: Seen[] = [];
  const srv = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, seen, srv };
}

async function unusedPort(): Promise<number> {
  const s = await server(() => {});
  const port = Number(new URL(s.url).port);
  await new Promise((r) => s.srv.close(r));
  return port;
}

async function standbyAndActive() {
  const active = await server((req, _body, res) => {
    res.writeHead(req.method === "POST" ? 202 : 200, { "Content-Type": "application/json" });
    res.end(
      req.method === "POST"
        ? ""
        : JSON.stringify({ app: { id: "application_1_0001", state: "RUNNING", applicationTags: "" } }),
    );
  });
  const standby = await server((req, _body, res) => {
    const location = active.url + req.url;
    res.writeHead(307, { Location: location, "Content-Type": "text/plain" });
    res.end(`This is standby RM. The redirect url is: ${location}\n`);
  });
  return {
    active,
    standby,
    close: () => Promise.all([active, standby].map((s) => new Promise((r) => s.srv.close(r)))),
  };
}

const submission = {
  applicationId: "application_1_0001",
  name: "ha",
  resource: { memoryMb: 256, vcores: 1 },
  amContainer: { command: "true" },
};

test("a standby RM's 307 is followed with the same method and body, and the active RM is remembered", async (t) => {
  const { active, standby, close } = await standbyAndActive();
  t.after(close);
  const rm = new ResourceManagerClient({ urls: [standby.url, active.url], user: "alice" });
  await rm.submitApplication(submission);
  assert.equal(standby.seen.length, 1);
  assert.equal(active.seen[0]!.method, "POST");
  assert.equal(JSON.parse(active.seen[0]!.body)["application-id"], "application_1_0001");
  assert.match(active.seen[0]!.url, /^\/ws\/v1\/cluster\/apps\?user\.name=alice$/);
  const r = await rm.applicationReport("application_1_0001");
  assert.equal(r.state, "RUNNING");
  assert.equal(standby.seen.length, 1, "the second call goes straight to the active RM");
  assert.equal(rm.http.activeUrl, active.url);
});

test("a redirect to an RM not in the list is followed and that RM becomes the active one", async (t) => {
  const { active, standby, close } = await standbyAndActive();
  t.after(close);
  const rm = new ResourceManagerClient({ urls: [standby.url] });
  await rm.applicationReport("application_1_0001");
  assert.equal(rm.http.activeUrl, active.url);
});

test("a dead first RM is skipped; a standby without Location falls through to the next RM", async (t) => {
  const { active, close } = await standbyAndActive();
  const lost = await server((_req, _b, res) => {
    res.writeHead(503, { "Content-Type": "text/plain" });
    res.end("This is standby RM. Redirecting to the current active RM is not possible");
  });
  t.after(() => Promise.all([close(), new Promise((r) => lost.srv.close(r))]));
  const dead = `http://127.0.0.1:${await unusedPort()}`;
  const rm = new ResourceManagerClient({ urls: [dead, lost.url, active.url] });
  assert.equal((await rm.applicationReport("application_1_0001")).state, "RUNNING");
  assert.equal(rm.http.activeUrl, active.url);
});

test("no RM answering is a clear error within the timeout, naming every address tried", async (t) => {
  const silent = await server(() => {}); // accepts, never answers
  t.after(() => {
    silent.srv.closeAllConnections();
    return new Promise((r) => silent.srv.close(r));
  });
  const dead = `http://127.0.0.1:${await unusedPort()}`;
  const rm = new ResourceManagerClient({ urls: [dead, silent.url], timeoutMs: 300 });
  const t0 = Date.now();
  await assert.rejects(rm.clusterInfo(), (e: unknown) => {
    assert.ok(e instanceof TsdaskError);
    assert.equal(e.code, "RM_UNREACHABLE");
    assert.ok(e.message.includes(`${dead} (ECONNREFUSED)`), e.message);
    assert.ok(e.message.includes(`${silent.url} (no answer within 300 ms)`), e.message);
    assert.ok(e.hint);
    return true;
  });
  assert.ok(Date.now() - t0 < 3000);
});
