// Every RM REST call against the real ResourceManager, with a `sleep` AM (it never registers, so
// the app sits in ACCEPTED with its AM container running) that is killed even when a test fails.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { RemoteJavaError, TsdaskError } from "../../../src/errors.js";
import { clusterAddresses } from "../../../src/hadoop-conf/index.js";
import { ResourceManagerClient, TERMINAL_STATES, type ApplicationSubmission } from "../../../src/yarn-rest/index.js";
import { hadoopTool, localCluster } from "../../support/cluster.js";

const c = localCluster();
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const tag = `tsdask-it-${process.pid}`;
const created: string[] = [];

after(async () => {
  for (const id of created) {
    const r = await rm.applicationReport(id).catch(() => undefined);
    if (r && !TERMINAL_STATES.includes(r.state))
      await rm.killApplication(id, "integration test cleanup").catch(() => undefined);
  }
});

async function submitSleep(client: ResourceManagerClient, extra: Partial<ApplicationSubmission> = {}): Promise<string> {
  const app = await client.newApplication();
  created.push(app.applicationId);
  await client.submitApplication({
    applicationId: app.applicationId,
    name: "tsdask-it-sleep",
    applicationType: "TSDASK-IT",
    tags: [tag],
    resource: { memoryMb: 256, vcores: 1 },
    maxAppAttempts: 1,
    amContainer: { command: "sleep 30", environment: { TSDASK_IT: "1" } },
    ...extra,
  });
  return app.applicationId;
}

test("cluster info, nodes, new-application", async () => {
  const info = await rm.clusterInfo();
  assert.equal(info.state, "STARTED");
  assert.equal(info.hadoopVersion, c.hadoopVersion);
  const nodes = await rm.nodes(["RUNNING"]);
  assert.equal(nodes.length, c.options.nodes);
  assert.ok(nodes.every((n) => n.state === "RUNNING"));
  const app = await rm.newApplication();
  assert.match(app.applicationId, /^application_\d+_\d+$/);
  assert.equal(app.maximumResourceCapability.memoryMb, 8192);
});

test("submit, report, list by tag, attempts, containers, kill — cross-checked with `yarn application`", async () => {
  const id = await submitSleep(rm, {
    queue: "default",
    priority: 0,
    keepContainersAcrossApplicationAttempts: true,
    logAggregation: { includePattern: ".*" },
  });
  const running = await rm.waitForApplication(id, (r) => r.runningContainers > 0 || TERMINAL_STATES.includes(r.state), {
    timeoutMs: 60_000,
  });
  assert.equal(running.state, "ACCEPTED");
  assert.equal(running.name, "tsdask-it-sleep");
  assert.deepEqual(running.tags, [tag]);
  assert.equal(running.allocatedMb, 256);
  const listed = await rm.listApplications({ tags: [tag], states: ["ACCEPTED", "RUNNING"], user: c.user, limit: 10 });
  assert.deepEqual(
    listed.map((r) => r.id),
    [id],
  );
  assert.deepEqual(await rm.listApplications({ tags: [tag], states: ["FINISHED"] }), []);
  const [attempt] = await rm.applicationAttempts(id);
  assert.ok(attempt);
  assert.match(attempt.containerId, /_000001$/);
  const containers = await rm.attemptContainers(id, attempt.appAttemptId);
  assert.deepEqual(
    containers.map((k) => k.containerId),
    [attempt.containerId],
  );
  assert.equal(containers[0]!.allocatedMb, 256);

  const state = await rm.killApplication(id, "killed by the integration test");
  assert.ok(["ACCEPTED", "KILLING", "KILLED"].includes(state), state);
  const killed = await rm.waitForApplication(id, undefined, { timeoutMs: 30_000 });
  assert.equal(killed.state, "KILLED");
  assert.equal(killed.finalStatus, "KILLED");
  assert.equal(await rm.applicationState(id), "KILLED");
  const yarn = hadoopTool(["yarn", "application", "-status", id]);
  assert.equal(yarn.status, 0, yarn.stderr);
  assert.match(yarn.stdout, /State : KILLED/);
  assert.match(yarn.stdout, /Final-State : KILLED/);
  assert.match(yarn.stdout, /Application-Name : tsdask-it-sleep/);
  assert.match(yarn.stdout, /Application-Type : TSDASK-IT/);
  assert.match(yarn.stdout, /diagnostic message: killed by the integration test/);
});

test("the RM's own rejections keep their Java class: too much memory, unknown app", async () => {
  const app = await rm.newApplication();
  await assert.rejects(
    rm.submitApplication({
      applicationId: app.applicationId,
      name: "too-big",
      resource: { memoryMb: 999_999, vcores: 1 },
      amContainer: { command: "true" },
    }),
    (e: unknown) =>
      e instanceof RemoteJavaError &&
      e.code === "YARN_BAD_REQUEST" &&
      /more memory than configured max/.test(e.message),
  );
  await assert.rejects(
    rm.applicationReport("application_1_0001"),
    (e: unknown) => e instanceof RemoteJavaError && e.code === "YARN_NOT_FOUND",
  );
});

async function unusedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

test("an unreachable RM fails within seconds, naming the address", async () => {
  const dead = `http://127.0.0.1:${await unusedPort()}`;
  const t0 = Date.now();
  await assert.rejects(
    new ResourceManagerClient({ urls: [dead], timeoutMs: 2000 }).clusterInfo(),
    (e: unknown) => e instanceof TsdaskError && e.code === "RM_UNREACHABLE" && e.message.includes(dead),
  );
  assert.ok(Date.now() - t0 < 5000);
});

test("RM HA conf dir whose first rm-id is dead still reaches the real RM and submits", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-it-ha-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const prop = (n: string, v: string) => `  <property><name>${n}</name><value>${v}</value></property>\n`;
  const deadPort = await unusedPort();
  writeFileSync(
    join(dir, "yarn-site.xml"),
    "<configuration>\n" +
      prop("yarn.resourcemanager.ha.enabled", "true") +
      prop("yarn.resourcemanager.ha.rm-ids", "rm1,rm2") +
      prop("yarn.resourcemanager.webapp.address.rm1", `127.0.0.1:${deadPort}`) +
      prop("yarn.resourcemanager.webapp.address.rm2", new URL(c.rmWeb).host) +
      prop("yarn.resourcemanager.scheduler.address.rm2", "127.0.0.1:8030") +
      "</configuration>\n",
  );
  const addresses = clusterAddresses({ confDir: dir });
  assert.deepEqual(
    addresses.resourceManagers.map((r) => r.id),
    ["rm1", "rm2"],
  );
  const ha = ResourceManagerClient.fromAddresses(addresses, { user: c.user, timeoutMs: 3000 });
  const id = await submitSleep(ha);
  assert.equal(ha.http.activeUrl, c.rmWeb);
  assert.equal((await rm.applicationReport(id)).name, "tsdask-it-sleep", "the real RM has it");
  await ha.killApplication(id);
  assert.equal((await ha.waitForApplication(id, undefined, { timeoutMs: 30_000 })).state, "KILLED");
});
