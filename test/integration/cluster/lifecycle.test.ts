// cluster/hadoop's own behaviour on a second, throw-away cluster (own work dir, ports
// offset by 12000), so the shared cluster the other suites use is never disturbed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ROOT } from "../../support/cluster.js";

// Every port stays below 32768, out of the kernel's ephemeral range (32768–60999), where a
// container or client socket may already hold it.
const OFFSET = 12000;
const work = mkdtempSync(join(tmpdir(), "tsdask-lifecycle-"));
const env = { ...process.env, TSDASK_CLUSTER_DIR: work, TSDASK_PORT_OFFSET: String(OFFSET) };
const rmWeb = `http://127.0.0.1:${8088 + OFFSET}`;

/** A fresh connection per call: pooled keep-alive sockets die with a restarted RM. */
function getJson(url: string): Promise<any> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, timeout: 10_000 }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () =>
        res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${url} -> ${res.statusCode}`)),
      );
    }).on("error", reject);
  });
}

function hadoop(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(join(ROOT, "cluster", "hadoop"), args, {
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    timeout: 240_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(() => {
  hadoop(["down"]);
  rmSync(work, { recursive: true, force: true });
});

test("up --nodes 2 --rpc-protection privacy starts two NodeManagers with that protection", async () => {
  const r = hadoop(["up", "--nodes", "2", "--rpc-protection", "privacy", "--nm-expiry-ms", "15000"]);
  assert.equal(r.status, 0, r.stderr);
  const nodes = (await getJson(`${rmWeb}/ws/v1/cluster/nodes?states=RUNNING`)).nodes.node as any[];
  assert.deepEqual(nodes.map((n) => n.nodeHTTPAddress.split(":")[1]).sort(), [
    String(8042 + OFFSET),
    String(8142 + OFFSET),
  ]);
  assert.match(
    readFileSync(join(work, "conf", "core-site.xml"), "utf8"),
    /hadoop\.rpc\.protection<\/name><value>privacy</,
  );
  const status = JSON.parse(hadoop(["status", "--json"]).stdout);
  assert.deepEqual(status.running, ["namenode", "datanode", "resourcemanager", "nodemanager0", "nodemanager1"]);
});

test("up with other options restarts the cluster with them (integrity, RM recovery)", async () => {
  const r = hadoop(["up", "--rpc-protection", "integrity", "--recovery"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /restarting: options changed/);
  assert.match(
    readFileSync(join(work, "conf", "core-site.xml"), "utf8"),
    /hadoop\.rpc\.protection<\/name><value>integrity</,
  );
  const nodes = (await getJson(`${rmWeb}/ws/v1/cluster/nodes?states=RUNNING`)).nodes.node as any[];
  assert.equal(nodes.length, 1);
  const info = (await getJson(`${rmWeb}/ws/v1/cluster/info`)).clusterInfo;
  assert.match(info.rmStateStoreName, /FileSystemRMStateStore$/);
});

test("down stops every daemon it started and nothing answers afterwards", async () => {
  const pids = ["namenode", "datanode", "resourcemanager", "nodemanager0"].map((d) =>
    Number(readFileSync(join(work, "run", `${d}.pid`), "utf8")),
  );
  const r = hadoop(["down"]);
  assert.equal(r.status, 0);
  assert.match(r.stderr, /stopped nodemanager0, resourcemanager, datanode, namenode/);
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/);
  await assert.rejects(getJson(`${rmWeb}/ws/v1/cluster/info`));
  assert.match(hadoop(["down"]).stderr, /nothing was running/);
});

test("a port in use is named in the error, and nothing is left running", async () => {
  const blocker: Server = createServer();
  await new Promise<void>((r) => blocker.listen(8088 + OFFSET, "127.0.0.1", r));
  try {
    const r = hadoop(["up"]);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      new RegExp(`port 127\\.0\\.0\\.1:${8088 + OFFSET} \\(needed by the resourcemanager\\) is already in use`),
    );
    assert.deepEqual(JSON.parse(hadoop(["status", "--json"]).stdout).running, []);
  } finally {
    blocker.close();
  }
});

test("a daemon that dies during start is named with the tail of its log, and the rest is stopped", () => {
  // A NameNode whose storage VERSION is garbage refuses to start.
  writeFileSync(join(work, "data", "nn", "current", "VERSION"), "layoutVersion=oops\n");
  const r = hadoop(["up"]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /namenode exited during start/);
  assert.match(r.stderr, /--- last lines of .*namenode\.log ---/);
  assert.deepEqual(JSON.parse(hadoop(["status", "--json"]).stdout).running, []);
});

test("missing Java is reported with what to install", () => {
  // The bash shim finds node on PATH; run the entry with the absolute node path instead.
  const direct = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "cluster", "src", "main.ts"), "up"], {
    env: { ...env, PATH: "/nonexistent", JAVA_HOME: "" },
    encoding: "utf8",
    cwd: ROOT,
  });
  assert.equal(direct.status, 1, direct.stderr);
  assert.match(direct.stderr, /Java not found: JAVA_HOME is unset and there is no 'java' on PATH\. Install a JDK 17/);
});
