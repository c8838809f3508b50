// followContainerLogs against a fake NodeManager that answers as Hadoop 3.4 does (listing with
// sizes; files wrapped in "LogLength:/LogContents:" with size=-N = the last N bytes): every byte
// is yielded once, in order, also when a file outgrows the tail asked for between list and read;
// streamService adds the rest from the aggregated logs (a TailSource) once the NodeManager is done.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { countByState, type StatusReport } from "../../../src/control/index.js";
import { followContainerLogs, streamService, type LogTarget } from "../../../src/launcher/index.js";
import { listLogFiles, unwrapNodeManagerLog } from "../../../src/launcher/logs/container-logs.js";

const wrap = (file: string, content: Buffer, total: number) =>
  Buffer.concat([
    Buffer.from(
      `Container: c on h:1\nLogAggregationType: LOCAL\n====\nLogType:${file}\nLogLength:${total}\nLogContents:\n`,
    ),
    content,
    Buffer.from(`End of LogType:${file}.This log file belongs to a running container\n****\n\n`),
  ]);

test("the NodeManager's wrapper is cut by LogLength; a bare answer is the file", () => {
  const body = Buffer.from("End of LogType: inside the log\nmore");
  const u = unwrapNodeManagerLog(wrap("stdout", body, body.length));
  assert.equal(Buffer.from(u.bytes).toString(), body.toString());
  assert.equal(u.length, body.length);
  const tail = unwrapNodeManagerLog(wrap("stdout", body.subarray(-4), body.length), 4);
  assert.deepEqual([Buffer.from(tail.bytes).toString(), tail.length], ["more", body.length]);
  assert.equal(Buffer.from(unwrapNodeManagerLog(Buffer.from("plain")).bytes).toString(), "plain");
});

test("follow yields each new byte once, including a jump larger than the tail it asked for", async () => {
  let file = Buffer.from("a1\n");
  let grewOnList = 0; // bytes the file gains between the listing and the read (a race)
  const server = createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    if (url.pathname.endsWith("/logs")) {
      const listed = file.length;
      file = Buffer.concat([file, Buffer.alloc(grewOnList, "x")]);
      grewOnList = 0;
      res.end(
        JSON.stringify({ containerLogsInfo: { containerLogInfo: [{ fileName: "stdout", fileSize: `${listed}` }] } }),
      );
    } else {
      const size = url.searchParams.get("size");
      const part = size ? file.subarray(Math.max(0, file.length + Number(size))) : file;
      res.end(wrap("stdout", part, file.length));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const node = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const target: LogTarget = { service: "s", instanceId: "s_0", containerId: "container_1_0001_01_000002", node };
  let polls = 0;
  let text = "";
  try {
    for await (const l of followContainerLogs({
      user: "u",
      intervalMs: 1,
      refreshEvery: 1,
      targets: async () => {
        polls++;
        if (polls === 2) file = Buffer.concat([file, Buffer.from("b2\n")]);
        if (polls === 3) grewOnList = 100_000; // outgrows the 64 KiB slack
        return polls < 6 ? [target] : undefined;
      },
    })) {
      text += l.text;
    }
  } finally {
    server.close();
  }
  assert.equal(text, file.toString());
});

/** The AM's status with one RUNNING dask.client container on the NodeManager at `node`. */
function runningClient(containerId: string, node: string): StatusReport {
  return {
    application: {} as StatusReport["application"],
    generatedAt: 0,
    services: [
      {
        name: "dask.client",
        desiredInstances: 1,
        counts: countByState([{ state: "RUNNING" }]),
        restartsUsed: 0,
        maxRestarts: 0,
        containers: [{ instanceId: "dask.client_0", state: "RUNNING" as const, containerId, nodeHttpAddress: node }],
      },
    ],
  };
}

test("streamService: the live part through the NodeManager, then the rest from the tail, each byte once", async () => {
  const whole = Buffer.from("line 1\nline 2\nline 3 (written after the NodeManager stopped serving)\n");
  const served = whole.subarray(0, 14); // "line 1\nline 2\n"
  let gone = false;
  const server = createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    if (gone) return void res.writeHead(404).end();
    if (url.pathname.endsWith("/logs")) {
      const list = [{ fileName: "stdout", fileSize: `${served.length}` }];
      return void res.end(JSON.stringify({ containerLogsInfo: { containerLogInfo: list } }));
    }
    res.end(wrap("stdout", served, served.length));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const node = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const containerId = "container_1_0001_01_000003";
  const status = runningClient(containerId, node);
  let polls = 0;
  const tails: [string, string, number][] = [];
  let out = "";
  try {
    for await (const l of streamService({
      user: "u",
      instance: "dask.client",
      intervalMs: 1,
      status: () => status,
      ended: () => {
        polls++;
        if (polls === 3) gone = true; // aggregation took the files away
        return polls > 5;
      },
      tail: async (t, file, from) => {
        tails.push([t.containerId, file, from]);
        return file === "stdout" ? whole.subarray(from) : undefined;
      },
    })) {
      assert.equal(l.file, "stdout");
      out += l.text;
    }
  } finally {
    server.close();
  }
  assert.equal(out, whole.toString());
  assert.deepEqual(tails, [
    // no rolled parts (part 1 is not there, closed or open): the plain file from where the follow stopped
    [containerId, "stdout.part-000001", 0],
    [containerId, "stdout.part-000001.open", 0],
    [containerId, "stdout", served.length],
    [containerId, "stderr.part-000001", 0],
    [containerId, "stderr.part-000001.open", 0],
    [containerId, "stderr", 0],
  ]);
});

test("streamService: a rolled container that ended before the follow saw a part of it is read whole from its parts", async () => {
  // The AM still says RUNNING, the NodeManager no longer serves it (a short script, its wrapper
  // ended between two polls, aggregation done): the follow saw no part, the tail starts at part 1.
  const server = createServer((_req, res) => void res.writeHead(404).end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const node = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const containerId = "container_1_0001_01_000004";
  const status = runningClient(containerId, node);
  const aggregated: Record<string, string> = {
    "stdout.part-000001": "yarn user: other\n",
    "stdout.part-000002.open": "the last part, never closed\n",
    stdout: "",
  };
  let polls = 0;
  let out = "";
  try {
    for await (const l of streamService({
      user: "u",
      instance: "dask.client",
      intervalMs: 1,
      status: () => status,
      ended: () => ++polls > 3,
      tail: async (_t, file, from) =>
        aggregated[file] === undefined ? undefined : Buffer.from(aggregated[file]).subarray(from),
    })) {
      out += l.text;
    }
  } finally {
    server.close();
  }
  assert.equal(out, "yarn user: other\nthe last part, never closed\n");
});

test("a NodeManager 503 is tried again (3 tries in all); a 404 and a third 5xx are NM_HTTP_ERROR", async () => {
  const answers: number[] = [];
  let script: number[] = [];
  const server = createServer((_req, res) => {
    const status = script.shift() ?? 200;
    answers.push(status);
    res.statusCode = status;
    res.end(JSON.stringify({ containerLogsInfo: { containerLogInfo: [{ fileName: "stdout", fileSize: "7" }] } }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const node = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    script = [503, 500];
    const files = await listLogFiles({ node, containerId: "container_1_0001_01_000002" }, "u");
    assert.deepEqual(files, [{ name: "stdout", size: 7 }]);
    assert.deepEqual(answers, [503, 500, 200]);
    answers.length = 0;
    script = [503, 503, 503, 200];
    await assert.rejects(listLogFiles({ node, containerId: "container_1_0001_01_000002" }, "u"), (e: any) => {
      assert.equal(e.code, "NM_HTTP_ERROR");
      assert.match(e.message, /HTTP 503 from the NodeManager \(3 tries/);
      return true;
    });
    assert.deepEqual(answers, [503, 503, 503]);
    answers.length = 0;
    script = [404];
    await assert.rejects(listLogFiles({ node, containerId: "container_1_0001_01_000002" }, "u"), /HTTP 404/);
    assert.deepEqual(answers, [404], "a 404 is not tried again");
  } finally {
    server.close();
  }
});
