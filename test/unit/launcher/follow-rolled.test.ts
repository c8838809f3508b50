// followContainerLogs over a rolled stream: a real RollingLog writes into a directory that a fake
// NodeManager serves (listing with sizes, LogLength-wrapped contents, 404 for a file gone), while a
// fake aggregator takes closed parts off the node between polls, as YARN's rolling aggregation does.
// The follow must yield the whole stream once, in order, across parts and across the node/HDFS boundary.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { parsePartName } from "../../../src/control/log-parts.js";
import { followContainerLogs, type LogTarget } from "../../../src/launcher/index.js";
import { RollingLog } from "../../../src/service/rolling-log.js";

const wrap = (file: string, content: Buffer, total: number) =>
  Buffer.concat([
    Buffer.from(
      `Container: c on h:1\nLogAggregationType: LOCAL\n====\nLogType:${file}\nLogLength:${total}\nLogContents:\n`,
    ),
    content,
    Buffer.from(`End of LogType:${file}\n****\n\n`),
  ]);

function nodeManager(dir: string) {
  return createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    if (url.pathname.endsWith("/logs")) {
      const infos = readdirSync(dir).map((n) => ({ fileName: n, fileSize: `${statSync(path.join(dir, n)).size}` }));
      res.end(JSON.stringify({ containerLogsInfo: { containerLogInfo: infos } }));
      return;
    }
    const name = decodeURIComponent(url.pathname.split("/").pop()!);
    let body: Buffer;
    try {
      body = readFileSync(path.join(dir, name));
    } catch {
      res.statusCode = 404;
      res.end("gone");
      return;
    }
    const size = url.searchParams.get("size");
    res.end(wrap(name, size ? body.subarray(Math.max(0, body.length + Number(size))) : body, body.length));
  });
}

/** Follows the one container whose log dir is `dir` until `tick` (called before each poll) says stop. */
async function followDir(
  dir: string,
  tick: (poll: number) => boolean,
  extra: Partial<Parameters<typeof followContainerLogs>[0]> = {},
): Promise<string> {
  const server = nodeManager(dir);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const node = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const target: LogTarget = { service: "s", instanceId: "s_0", containerId: "container_1_0001_01_000002", node };
  let poll = 0;
  const chunks: string[] = [];
  const targets = async () => (tick(++poll) ? [target] : undefined);
  try {
    for await (const l of followContainerLogs({ user: "u", intervalMs: 1, refreshEvery: 1, targets, ...extra })) {
      assert.equal(l.file, "stdout");
      chunks.push(l.text);
    }
  } finally {
    server.close();
  }
  return chunks.join("");
}

test("follow reads a rolled stream whole: parts in order, open part grown then closed, aggregated parts from HDFS", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "follow-rolled-"));
  const uploaded = new Map<string, Buffer>();
  const log = new RollingLog(dir, "stdout", { partBytes: 300, parts: 4 });
  let written = "";
  let n = 0;
  const writeLines = (count: number) => {
    for (let i = 0; i < count; i++) {
      const line = `line ${String(n++).padStart(5, "0")}\n`;
      written += line;
      log.write(Buffer.from(line));
    }
  };
  /** YARN's rolling aggregation: every closed part on the node is uploaded, then deleted locally. */
  const aggregate = () => {
    for (const name of readdirSync(dir)) {
      const p = parsePartName(name);
      if (p && !p.open) {
        uploaded.set(name, readFileSync(path.join(dir, name)));
        rmSync(path.join(dir, name));
      }
    }
  };
  const text = await followDir(
    dir,
    (poll) => {
      writeLines(poll % 3 === 0 ? 70 : 7); // sometimes several parts between two polls
      if (poll % 4 === 0) aggregate();
      return poll < 20;
    },
    { files: ["stdout"], aggregated: { names: async () => new Map(), bytes: async (_c, f) => uploaded.get(f) } },
  );
  log.close();
  assert.ok(uploaded.size > 3, `parts were aggregated while followed (${uploaded.size})`);
  assert.equal(text, written);
  rmSync(dir, { recursive: true, force: true });
});

test("a part gone from the node and not aggregated is a stated gap, not silent loss", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "follow-rolled-"));
  const log = new RollingLog(dir, "stdout", { partBytes: 100, parts: 2 });
  const text = await followDir(dir, (poll) => {
    // 500 bytes at once: parts 1..4 roll past the 2-file bound before the first poll reads them.
    if (poll === 1) log.write(Buffer.alloc(500, "a"));
    return poll < 3;
  });
  log.close();
  assert.match(text, /stdout part 1 left the node/);
  assert.match(text, /stdout part 4 left the node/);
  assert.ok(!/part 5 left/.test(text));
  rmSync(dir, { recursive: true, force: true });
});
