// submit asked for an application id while the ResourceManager restarted and failed at once with
// "no active ResourceManager answered" (nemesis, docs/reliability.md), while status and scale wait.
// The real RM REST client against a loopback port that refuses connections and then starts
// answering, as a restarting RM does; HDFS (only asked whether the staging base exists) is faked.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { test } from "node:test";
import { TsdaskError } from "../../../src/errors.js";
import type { ClusterSession } from "../../../src/launcher/cluster.js";
import { newApplicationWhileRmRecovers, schedulerWhileRmRecovers } from "../../../src/launcher/submit-recovery.js";
import { ResourceManagerClient } from "../../../src/yarn-rest/index.js";

const BASE = "/user/u/.tsdask";
const APP = "application_1700000000000_0007";

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The RM's REST API coming back on `port` after `afterMs`. */
function rmComesBack(port: number, afterMs: number): { stop: () => Promise<void> } {
  let server: Server | undefined;
  const timer = setTimeout(() => {
    server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url?.includes("/apps/new-application"))
        res.end(JSON.stringify({ "application-id": APP, "maximum-resource-capability": { memory: 8192, vCores: 4 } }));
      else res.end(JSON.stringify({ scheduler: { schedulerInfo: { type: "fifoScheduler" } } }));
    }).listen(port, "127.0.0.1");
  }, afterMs);
  return {
    stop: async () => {
      clearTimeout(timer);
      if (server) await new Promise<void>((r) => server!.close(() => r()));
    },
  };
}

/** A session whose RM is configured to recover (yarn.resourcemanager.recovery.enabled) unless said. */
function session(port: number, baseExists: boolean, rmRecoveryEnabled = true) {
  const rm = new ResourceManagerClient({ urls: [`http://127.0.0.1:${port}`], user: "u", timeoutMs: 2_000 });
  const hdfs = { statIfExists: async (p: string) => (baseExists && p === BASE ? { type: "DIRECTORY" } : undefined) };
  const addresses = { rmRecoveryEnabled, rmHaEnabled: false };
  return { rm, hdfs, baseDir: BASE, addresses } as unknown as Pick<
    ClusterSession,
    "rm" | "hdfs" | "baseDir" | "addresses"
  >;
}

test("new-application waits out an RM that refuses connections, and says so once", async () => {
  const port = await freePort();
  const rm = rmComesBack(port, 1_200);
  const told: string[] = [];
  try {
    const fresh = await newApplicationWhileRmRecovers(session(port, true), {
      rmRecoveryWaitMs: 20_000,
      onNotice: (m) => told.push(m),
    });
    assert.equal(fresh.applicationId, APP);
    assert.equal(told.length, 1, told.join("\n"));
    assert.match(told[0]!, /ResourceManager is recovering \(it refuses connections while the staging base/);
    assert.match(told[0]!, /retrying for up to 20 s/);
    assert.ok(await schedulerWhileRmRecovers(session(port, true), APP, {}), "the scheduler once it answers");
  } finally {
    await rm.stop();
  }
});

test("new-application gives up after the bound with RM_RECOVERING; no staging base: fails at once", async () => {
  const port = await freePort();
  const started = Date.now();
  const err = await newApplicationWhileRmRecovers(session(port, true), { rmRecoveryWaitMs: 1_000 }).then(
    () => assert.fail("an id from nobody"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TsdaskError && err.code === "RM_RECOVERING", String(err));
  assert.match(err.message, /no application id yet; nothing was staged or submitted/);
  assert.ok(Date.now() - started < 5_000, "bounded");
  // A first submit against a wrong RM address: no sign of a cluster that ran apps, no wait.
  const quick = Date.now();
  await assert.rejects(newApplicationWhileRmRecovers(session(port, false), { rmRecoveryWaitMs: 60_000 }), {
    code: "RM_UNREACHABLE",
  });
  assert.ok(Date.now() - quick < 5_000, "not waited for");
  // An RM that does not recover (no recovery, no HA) forgets applications when it restarts: a
  // refused connection is reported at once, as docs/bad-input.md's "unreachable ResourceManager".
  const noRecovery = Date.now();
  await assert.rejects(newApplicationWhileRmRecovers(session(port, true, false), { rmRecoveryWaitMs: 60_000 }), {
    code: "RM_UNREACHABLE",
  });
  assert.ok(Date.now() - noRecovery < 5_000, "not waited for without RM recovery");
  await assert.rejects(schedulerWhileRmRecovers(session(port, true), APP, { rmRecoveryWaitMs: 600 }), {
    code: "RM_RECOVERING",
    message: new RegExp(`${APP}'s queue is not checked yet`),
  });
  assert.equal(await schedulerWhileRmRecovers(session(port, false), APP, {}), undefined, "unreadable: RM decides");
});
