// YarnCluster.scale during an AM restart (nemesis, docs/reliability.md): it went straight to the
// first attempt's control client and failed at once, while `tsdask-yarn scale` waits for the next
// attempt. A local application's directory stands in for the RM's report (the same lookup the CLI
// does): the first attempt's address refuses, the next attempt is a real control server.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ControlClient } from "../../../src/control/index.js";
import { LOCAL_APP_DIR_ENV, LOCAL_FILES } from "../../../src/control/local-layout.js";
import { APP_FILES } from "../../../src/control/runtime.js";
import { YarnCluster } from "../../../src/launcher/index.js";
import { harness, SECRET } from "../control/support.js";

const APP = "local_1700000000000_0001";
const home = mkdtempSync(join(tmpdir(), "tsdask-scale-"));
const cleanup: (() => unknown)[] = [() => rmSync(home, { recursive: true, force: true })];
after(() => Promise.all(cleanup.map((c) => c())));

async function refusingUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

/** The application's directory with its second attempt's AM registered at `controlUrl`. */
function secondAttempt(controlUrl: string): void {
  const dir = join(home, "apps", APP);
  mkdirSync(join(dir, LOCAL_FILES.staging), { recursive: true });
  writeFileSync(join(dir, LOCAL_FILES.staging, APP_FILES.secret), SECRET);
  const info = { appId: APP, name: "t", user: "u", clusterTimestamp: 1700000000000, sequence: 1, submitTime: 1 };
  writeFileSync(join(dir, LOCAL_FILES.app), JSON.stringify(info));
  // An AM process is alive when its environment names the directory (amAlive).
  const am = spawn("sleep", ["120"], { env: { ...process.env, [LOCAL_APP_DIR_ENV]: dir }, stdio: "ignore" });
  cleanup.push(() => am.kill());
  writeFileSync(join(dir, LOCAL_FILES.am), JSON.stringify({ pid: am.pid, controlUrl, startTime: 2 }));
}

test("YarnCluster.scale during an AM restart waits for the next attempt and scales there", async () => {
  const next = await harness();
  cleanup.push(() => next.close());
  secondAttempt(next.server.url);
  const notices: string[] = [];
  const gone = new ControlClient(await refusingUrl(), SECRET, { timeoutMs: 2_000 });
  const options = { env: { ...process.env, TSDASK_LOCAL_HOME: home }, onNotice: (m: string) => notices.push(m) };
  const app = { appId: APP, stagingDir: "", trackingUrl: undefined, client: gone };
  const ready = { dask: { schedulerAddress: "tcp://127.0.0.1:1" } };
  // The constructor is private: start() and fromApplicationId() need a running dask cluster.
  const cluster = Reflect.construct(YarnCluster, [app, ready, {}, options, false]) as YarnCluster;

  const r = await cluster.scale(3);
  assert.equal(r.desired, 3);
  assert.deepEqual(next.core.scaled, [["dask.worker", 3]], "sent once, to the next attempt");
  assert.equal(notices.length, 1, notices.join("\n"));
  assert.match(notices[0]!, /did not take the scale \(.*ECONNREFUSED.*\); waiting up to 60 s/);
  assert.notEqual(cluster.application, gone, "later calls go to the attempt that answered");
  assert.equal((await cluster.status()).application.state, next.core.status.application.state);
});
