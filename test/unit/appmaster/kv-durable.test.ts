// Acknowledged KV writes survive an AM crash (issue 21): a PUT is answered only after a journal
// write that began after it landed, as a scale is. Before, the AM answered 200 at once and wrote
// the journal up to journalDelayMs later, so puts of the last moments before a kill -9 were lost.
// The AM core on a scripted backend, its real control server, the real client; journal writes held.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { startControlServer } from "../../../src/appmaster/control/index.js";
import { ControlClient } from "../../../src/control/index.js";
import { run, scriptedAm, stopAll, until } from "./scripted-backend.js";
import { appSpec, service, slot } from "./support.js";

afterEach(stopAll);

const SECRET = "s3cret-0123456789abcdef-0123456789";

async function runningAm() {
  const h = scriptedAm(appSpec({ w: service() }));
  const s = slot("w");
  h.backend.next({ allocated: [s] });
  const code = run(h.am);
  await until("running", () => h.am.model.recordOf(s.id)?.phase === "running");
  const server = await startControlServer({
    host: "127.0.0.1",
    port: 0,
    secret: SECRET,
    handlers: h.am.handlers,
    kv: h.deps.kv,
  });
  const client = new ControlClient(server.url, SECRET);
  return { ...h, code, server, client };
}

const journaledKv = (j: { kv: { entries: [string, string][] } } | undefined) => new Map(j?.kv.entries ?? []);

test("a PUT is answered only once the journal holding it has landed", async () => {
  const { am, staging, server, client, code } = await runningAm();
  try {
    const open = staging.holdWrites();
    let answered = false;
    const put = client.kvPut("user.key", "v1").then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 100)); // 20 × journalDelayMs of the scripted AM
    assert.equal(answered, false, "no answer while the journal write is held");
    assert.equal(journaledKv(staging.journal()).get("user.key"), undefined);
    open();
    await put;
    assert.equal(journaledKv(staging.journal()).get("user.key"), "v1", "journaled when acknowledged");
  } finally {
    await am.handlers.shutdown("SUCCEEDED", "");
    await code;
    await server.close();
  }
});

test("a burst of puts: every acknowledged one is in the journal at its answer, in few writes", async () => {
  const { am, staging, server, client, code, deps } = await runningAm();
  try {
    const before = staging.writes();
    const acked: string[] = [];
    // A slow HDFS: the puts arrive while a write is under way and wait for the next one together.
    const open = staging.holdWrites();
    const burst = Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await client.kvPut(`k${i}`, String(i));
        // The answer came: the journal as it is right now must hold the key.
        assert.equal(journaledKv(staging.journal()).get(`k${i}`), String(i), `k${i} acknowledged, not journaled`);
        acked.push(`k${i}`);
      }),
    );
    await until("every put in the store", () => Array.from({ length: 200 }).every((_, i) => deps.kv.get(`k${i}`)));
    assert.equal(acked.length, 0, "none acknowledged while the journal write is held");
    open();
    await burst;
    assert.equal(acked.length, 200);
    const writes = staging.writes() - before;
    assert.ok(writes < 100, `puts share journal writes (group commit): ${writes} writes for 200 puts`);
  } finally {
    await am.handlers.shutdown("SUCCEEDED", "");
    await code;
    await server.close();
  }
});
