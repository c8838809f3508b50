// HDFS HA failover against tiny local HTTP servers: one answers like a standby NameNode
// (403 + StandbyException RemoteException, as NameNodes in standby state do), one like the active.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { RemoteJavaError, TsdaskError } from "../../../src/errors.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";

async function server(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const hits: string[] = [];
  const srv = createServer((req, res) => {
    hits.push(req.url!);
    handler(req, res);
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise((r) => srv.close(r)) };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
};
const standbyBody = {
  RemoteException: {
    exception: "StandbyException",
    javaClassName: "org.apache.hadoop.ipc.StandbyException",
    message: "Operation category READ is not supported in state standby.",
  },
};

test("a StandbyException moves on to the next NameNode, which is then tried first", async (t) => {
  const standby = await server((_req, res) => json(res, 403, standbyBody));
  const active = await server((_req, res) => json(res, 200, { Path: "/user/alice" }));
  t.after(() => Promise.all([standby.close(), active.close()]));
  const hdfs = new WebHdfsClient({ urls: [standby.url, active.url], user: "alice" });
  assert.equal(await hdfs.homeDirectory(), "/user/alice");
  assert.equal(await hdfs.homeDirectory(), "/user/alice");
  assert.equal(standby.hits.length, 1);
  assert.deepEqual(active.hits, [
    "/webhdfs/v1/?op=GETHOMEDIRECTORY&user.name=alice",
    "/webhdfs/v1/?op=GETHOMEDIRECTORY&user.name=alice",
  ]);
});

test("only standbys: the StandbyException itself; nobody reachable: HDFS_UNREACHABLE naming the addresses", async (t) => {
  const s1 = await server((_req, res) => json(res, 403, standbyBody));
  const s2 = await server((_req, res) => json(res, 403, standbyBody));
  t.after(() => Promise.all([s1.close(), s2.close()]));
  await assert.rejects(
    new WebHdfsClient({ urls: [s1.url, s2.url] }).stat("/x"),
    (e: unknown) => e instanceof RemoteJavaError && e.code === "HDFS_STANDBY",
  );
  const dead = await server(() => {});
  await dead.close();
  await assert.rejects(new WebHdfsClient({ urls: [dead.url], timeoutMs: 500 }).stat("/x"), (e: unknown) => {
    assert.ok(e instanceof TsdaskError);
    assert.equal(e.code, "HDFS_UNREACHABLE");
    assert.ok(e.message.includes(`${dead.url} (ECONNREFUSED)`), e.message);
    return true;
  });
});

test("other errors are not failed over: FileNotFound from the active NameNode is final", async (t) => {
  const active = await server((_req, res) =>
    json(res, 404, {
      RemoteException: {
        exception: "FileNotFoundException",
        javaClassName: "java.io.FileNotFoundException",
        message: "File does not exist: /x",
      },
    }),
  );
  const other = await server((_req, res) => json(res, 200, {}));
  t.after(() => Promise.all([active.close(), other.close()]));
  const hdfs = new WebHdfsClient({ urls: [active.url, other.url] });
  await assert.rejects(
    hdfs.stat("/x"),
    (e: unknown) => e instanceof RemoteJavaError && e.code === "HDFS_FILE_NOT_FOUND",
  );
  assert.equal(await hdfs.statIfExists("/x"), undefined);
  assert.equal(other.hits.length, 0);
});

test("bad permissions are refused before any request", async () => {
  const hdfs = new WebHdfsClient({ urls: ["http://127.0.0.1:1"] });
  await assert.rejects(
    hdfs.mkdirs("/x", "rwx"),
    (e: unknown) => e instanceof TsdaskError && e.code === "HDFS_PERMISSION_INVALID",
  );
  await assert.rejects(hdfs.setPermission("/x", "888"), /'888' is not an octal permission/);
});
