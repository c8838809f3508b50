// Proves the local cluster is a real Hadoop: four daemons in separate JVMs, the RM REST
// API, a WebHDFS round trip, and a YARN application (Hadoop's own DistributedShell)
// whose containers leave a visible effect on this machine.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  distributedShellApp,
  distributedShellArgs,
  getJson,
  hadoopTool,
  localCluster,
  WORK,
} from "../../support/cluster.js";

const c = localCluster();

/**
 * The DataNode answers a PUT with an unsolicited "100 Continue" that Node 20's fetch
 * (undici) rejects as a bad response; node:http skips 1xx responses as HTTP/1.1 allows.
 */
function putBytes(url: URL, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "PUT", headers: { "content-length": body.length } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function daemonPids(): Map<string, number> {
  const found = new Map<string, number>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const daemon = /-Dproc_(namenode|datanode|resourcemanager|nodemanager\d)\0/.exec(
        readFileSync(`/proc/${pid}/cmdline`, "utf8"),
      )?.[1];
      if (daemon) found.set(daemon, Number(pid));
    } catch {
      /* process ended while we looked */
    }
  }
  return found;
}

test("NameNode, DataNode, ResourceManager and NodeManager(s) run as separate JVMs", () => {
  const pids = daemonPids();
  const expected = [
    "namenode",
    "datanode",
    "resourcemanager",
    ...Array.from({ length: c.options.nodes }, (_, i) => `nodemanager${i}`),
  ];
  for (const d of expected) assert.ok(pids.has(d), `${d} is not running`);
  assert.equal(new Set(expected.map((d) => pids.get(d))).size, expected.length, "each daemon has its own process");
  for (const d of expected) assert.match(readFileSync(`/proc/${pids.get(d)}/cmdline`, "utf8"), /\/java\0/);
});

test("RM REST reports a STARTED cluster of the expected version with RUNNING NodeManagers", async () => {
  const info = (await getJson(`${c.rmWeb}/ws/v1/cluster/info`)).clusterInfo;
  assert.equal(info.state, "STARTED");
  assert.equal(info.haState, "ACTIVE");
  assert.equal(info.hadoopVersion, c.hadoopVersion);
  const nodes = (await getJson(`${c.rmWeb}/ws/v1/cluster/nodes`)).nodes.node as any[];
  const running = nodes.filter((n) => n.state === "RUNNING");
  assert.equal(running.length, c.options.nodes);
  for (const n of running) {
    assert.equal(n.healthReport ?? "", "");
    assert.ok(n.availMemoryMB > 0, "the node offers memory to containers");
    const nm = (await getJson(`http://${n.nodeHTTPAddress.replace("localhost", "127.0.0.1")}/ws/v1/node/info`))
      .nodeInfo;
    assert.equal(nm.nodeHealthy, true);
  }
});

test("WebHDFS writes a file through the DataNode redirect and reads the same bytes back", async () => {
  const path = `/tmp/tsdask-cluster-test-${process.pid}`;
  const data = randomBytes(3 * 1024 * 1024 + 17);
  const q = `user.name=${c.user}`;
  try {
    const create = await fetch(`${c.nnWeb}/webhdfs/v1${path}?op=CREATE&overwrite=true&${q}`, {
      method: "PUT",
      redirect: "manual",
    });
    assert.equal(create.status, 307);
    const dn = new URL(create.headers.get("location")!);
    assert.equal(dn.hostname, "127.0.0.1", "DataNode redirects stay on loopback");
    assert.equal(await putBytes(dn, data), 201);
    const status = (await getJson(`${c.nnWeb}/webhdfs/v1${path}?op=GETFILESTATUS&${q}`)).FileStatus;
    assert.equal(status.length, data.length);
    assert.equal(status.owner, c.user);
    const back = Buffer.from(await (await fetch(`${c.nnWeb}/webhdfs/v1${path}?op=OPEN&${q}`)).arrayBuffer());
    assert.ok(back.equals(data), "bytes read back differ from bytes written");
  } finally {
    await fetch(`${c.nnWeb}/webhdfs/v1${path}?op=DELETE&${q}`, { method: "DELETE" });
  }
});

test("the user's HDFS home and a world-writable /tmp exist", async () => {
  const home = (await getJson(`${c.nnWeb}/webhdfs/v1/user/${c.user}?op=GETFILESTATUS&user.name=${c.user}`)).FileStatus;
  assert.equal(home.type, "DIRECTORY");
  assert.equal(home.owner, c.user);
  const tmp = (await getJson(`${c.nnWeb}/webhdfs/v1/tmp?op=GETFILESTATUS&user.name=${c.user}`)).FileStatus;
  assert.equal(tmp.permission, "1777");
});

test("DistributedShell runs 2 containers whose command leaves files, and ends SUCCEEDED", async () => {
  const out = mkdtempSync(join(tmpdir(), "tsdask-ds-"));
  try {
    const jar = join(
      WORK,
      `lib-${c.hadoopVersion}`,
      `hadoop-yarn-applications-distributedshell-${c.hadoopVersion}.jar`,
    );
    const appId = distributedShellApp(
      hadoopTool(distributedShellArgs(jar, "tsdask-cluster-test", `touch ${out}/$CONTAINER_ID`, 2)),
    );
    const touched = readdirSync(out);
    assert.equal(touched.length, 2, `expected 2 container files, got ${touched.join(", ")}`);
    for (const f of touched) assert.match(f, new RegExp(`^container_${appId.slice("application_".length)}_\\d+_\\d+$`));
    const app = (await getJson(`${c.rmWeb}/ws/v1/cluster/apps/${appId}`)).app;
    assert.equal(app.state, "FINISHED");
    assert.equal(app.finalStatus, "SUCCEEDED");
    const cli = hadoopTool(["yarn", "application", "-status", appId]);
    assert.equal(cli.status, 0);
    assert.match(cli.stdout, /Final-State : SUCCEEDED/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("cluster/hadoop up on a running cluster reports it and restarts nothing", () => {
  const before = daemonPids();
  const r = hadoopTool(["up"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /already running/);
  assert.match(r.stdout, new RegExp(`HADOOP_CONF_DIR=${c.confDir}`));
  assert.deepEqual(daemonPids(), before);
});

test("cluster/hadoop rejects a bad option with exit 2 and names it", () => {
  const r = hadoopTool(["up", "--nodes", "7"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--nodes must be an integer from 1 to 2, got '7'/);
});
