// Every CLI command reaches the ResourceManager through the launcher's session, as the same user:
// the spec's `user` (--user, TSDASK_YARN_USER, the config file), else $HADOOP_USER_NAME. Before,
// `submit --wait`, `list` and `logs --follow` polled with a client the CLI built itself as
// $HADOOP_USER_NAME while the application was submitted as the spec's user (with YARN ACLs on,
// another user may not view the application's report in full). A loopback server in
// the RM's place records the `user.name` of each request; its answers are captured RM responses.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { clusterSession, loadConfig } from "../../../src/cli/session.js";
import type { CommandContext } from "../../../src/cli/io.js";
import { ROOT } from "../../support/cluster.js";
import { cli, tempDir } from "./helpers.js";

const fixture = (name: string) => readFileSync(join(ROOT, "test", "fixtures", "client", name), "utf8");
const seen: { path: string; user: string | null }[] = [];
let server: Server;
let confDir: string;

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, "http://rm");
    seen.push({ path: url.pathname, user: url.searchParams.get("user.name") });
    res.setHeader("content-type", "application/json");
    res.end(url.pathname.endsWith("/apps") ? fixture("rm-apps-list.json") : fixture("rm-app-killed.json"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  confDir = tempDir("tsdask-conf-");
  const site = (props: Record<string, string>) =>
    `<configuration>${Object.entries(props)
      .map(([k, v]) => `<property><name>${k}</name><value>${v}</value></property>`)
      .join("")}</configuration>\n`;
  writeFileSync(join(confDir, "core-site.xml"), site({ "fs.defaultFS": "hdfs://127.0.0.1:1" }));
  writeFileSync(join(confDir, "yarn-site.xml"), site({ "yarn.resourcemanager.webapp.address": `127.0.0.1:${port}` }));
});

after(() => server.close());

const env = { HADOOP_USER_NAME: "mallory", TSDASK_YARN_USER: "bob" };
const KILLED_APP = "application_1795664480404_0009";

test("list and status ask the RM as the spec's user, not $HADOOP_USER_NAME", async () => {
  seen.length = 0;
  const list = await cli(["list", "--conf-dir", confDir], { env });
  assert.equal(list.code, 0, list.stderr);
  const status = await cli(["status", KILLED_APP, "--conf-dir", confDir], { env });
  assert.equal(status.code, 0, status.stderr);
  assert.ok(seen.length >= 2, JSON.stringify(seen));
  assert.deepEqual([...new Set(seen.map((s) => s.user))], ["bob"], JSON.stringify(seen));
});

test("without a spec user, $HADOOP_USER_NAME", async () => {
  seen.length = 0;
  const list = await cli(["list", "--conf-dir", confDir], { env: { HADOOP_USER_NAME: "mallory" } });
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual([...new Set(seen.map((s) => s.user))], ["mallory"]);
});

test("submit --wait polls with the session of the submitting user (clusterSession)", async () => {
  seen.length = 0;
  const home = tempDir("tsdask-home-");
  const ctx = {
    io: { out: () => {}, err: () => {}, stdoutTTY: false, stderrTTY: false, env, cwd: home, homeDir: home },
    global: { confDir },
  } as unknown as CommandContext;
  const session = clusterSession(ctx, loadConfig(ctx));
  assert.equal(session.user, "bob");
  const report = await session.rm.applicationReport(KILLED_APP);
  assert.equal(report.state, "KILLED");
  assert.deepEqual(
    seen.map((s) => s.user),
    ["bob"],
  );
});

test("an empty $HADOOP_USER_NAME is unset: the OS user, as for every other command", async () => {
  const home = tempDir("tsdask-home-");
  const ctx = {
    io: {
      out: () => {},
      err: () => {},
      stdoutTTY: false,
      stderrTTY: false,
      env: { HADOOP_USER_NAME: "" },
      cwd: home,
      homeDir: home,
    },
    global: { confDir },
  } as unknown as CommandContext;
  assert.equal(clusterSession(ctx, loadConfig(ctx)).user, userInfo().username);
});
