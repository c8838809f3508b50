// `logs` right after an application ended waits for the NodeManagers' log upload: against a fake
// ResourceManager on loopback whose report moves NOT_START → RUNNING → SUCCEEDED, and one that
// never finishes (the wait ends at its bound and says so once, up front).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { waitForLogAggregation } from "../../../src/launcher/index.js";

const APP = "application_1700000000000_0007";

async function fakeRm(statuses: string[]) {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? "");
    const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
    res.setHeader("Content-Type", "application/json");
    res.end(
      JSON.stringify({
        app: {
          id: APP,
          user: "u",
          name: "n",
          state: "FINISHED",
          finalStatus: "SUCCEEDED",
          logAggregationStatus: status,
        },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const dir = mkdtempSync(join(tmpdir(), "tsdask-aggwait-"));
  const prop = (k: string, v: string) => `<property><name>${k}</name><value>${v}</value></property>`;
  writeFileSync(
    join(dir, "core-site.xml"),
    `<configuration>${prop("fs.defaultFS", "hdfs://127.0.0.1:1")}</configuration>`,
  );
  const rm = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(
    join(dir, "yarn-site.xml"),
    `<configuration>${prop("yarn.resourcemanager.webapp.address", rm)}</configuration>`,
  );
  return {
    asked,
    options: { hadoop: { confDir: dir }, user: "u", env: {} },
    close() {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test("waits while the RM says NOT_START / RUNNING, saying so once; returns the final status", async () => {
  const rm = await fakeRm(["NOT_START", "RUNNING", "SUCCEEDED"]);
  try {
    const told: string[] = [];
    const status = await waitForLogAggregation(APP, { ...rm.options, pollMs: 20, onWait: (l) => told.push(l) });
    assert.equal(status, "SUCCEEDED");
    assert.equal(rm.asked.filter((u) => u.includes(APP)).length, 3);
    assert.equal(told.length, 1);
    assert.match(told[0]!, /waiting up to 60 s for the NodeManagers to finish aggregating .* says NOT_START/);
  } finally {
    rm.close();
  }
});

test("an upload that never ends: the wait stops at its bound and returns what the RM last said", async () => {
  const rm = await fakeRm(["RUNNING"]);
  try {
    const t0 = Date.now();
    const status = await waitForLogAggregation(APP, { ...rm.options, pollMs: 20, timeoutMs: 300 });
    assert.equal(status, "RUNNING");
    assert.ok(Date.now() - t0 >= 300 && Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
  } finally {
    rm.close();
  }
});

test("nothing to wait for: DISABLED returns at once, without a word", async () => {
  const rm = await fakeRm(["DISABLED"]);
  try {
    const told: string[] = [];
    assert.equal(await waitForLogAggregation(APP, { ...rm.options, onWait: (l) => told.push(l) }), "DISABLED");
    assert.deepEqual(told, []);
  } finally {
    rm.close();
  }
});
