// A frozen ResourceManager (it takes the connection and never answers) was reported as one that
// "refuses connections" (issue 21). The real RM REST client against a loopback listener that
// accepts and stays silent, and against a port nothing listens on: each gets its own words.
import assert from "node:assert/strict";
import { createServer, type Socket } from "node:net";
import { test } from "node:test";
import { TsdaskError } from "../../../src/errors.js";
import { whileRmRecovers } from "../../../src/launcher/rm-recovery.js";
import { ResourceManagerClient } from "../../../src/yarn-rest/index.js";

const APP = "application_1700000000000_0001";

async function silentListener() {
  const sockets = new Set<Socket>();
  const server = createServer((s) => sockets.add(s)); // accepts, reads nothing, answers nothing
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const close = () => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((r) => server.close(() => r()));
  };
  return { port, close };
}

async function notices(url: string) {
  const rm = new ResourceManagerClient({ urls: [url], user: "u", timeoutMs: 300 });
  const told: string[] = [];
  const err = await whileRmRecovers(rm, APP, () => rm.applicationReport(APP), {
    stagingExists: async () => true,
    rmRecoveryWaitMs: 900,
    onNotice: (m) => told.push(m),
  }).then(
    () => assert.fail("a report from nobody"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TsdaskError && err.code === "RM_RECOVERING", String(err));
  return { told, message: err.message };
}

test("a ResourceManager that accepts and never answers is 'not answering', not refusing", async () => {
  const frozen = await silentListener();
  try {
    const { told, message } = await notices(`http://127.0.0.1:${frozen.port}`);
    assert.equal(told.length, 1);
    assert.match(told[0]!, /^the ResourceManager is not answering \(it accepts connections but does not answer/);
    assert.doesNotMatch(told[0]! + message, /refuses connections|recovering/);
    assert.match(message, /still not answering after \d+ s/);
  } finally {
    await frozen.close();
  }
});

test("a ResourceManager port nothing listens on still 'refuses connections'", async () => {
  const gone = await silentListener();
  await gone.close(); // the port is free now: connections are refused
  const { told } = await notices(`http://127.0.0.1:${gone.port}`);
  assert.match(told[0]!, /^the ResourceManager is recovering \(it refuses connections/);
});
