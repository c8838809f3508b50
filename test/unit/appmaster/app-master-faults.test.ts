// The AM core on a scripted ContainerBackend under cluster trouble and refused requests: a lost
// node costs no restart, scales the AM never accepts change nothing, a recovery that takes too long
// refuses a waiting scale, and an attempt the backend says is gone exits without finishing.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { AttemptGoneError } from "../../../src/appmaster/backend.js";
import { EXIT } from "../../../src/appmaster/exit-status.js";
import { run, scriptedAm, stopAll, until } from "./scripted-backend.js";
import { appSpec, service, slot } from "./support.js";

afterEach(stopAll);

test("a lost node: its slot is replaced without using a restart, and the final diagnostics say so", async () => {
  const { am, backend } = scriptedAm(appSpec({ w: service({ instances: 2, restarts: 0 }) }));
  const [a, b] = [slot("w", 512, 1, "nm1"), slot("w", 512, 1, "nm2")];
  backend.next({ allocated: [a, b] });
  const code = run(am);
  await until("both running", () => am.model.holdingSlots().every((r) => r.phase === "running"));
  backend.next({
    nodes: [{ nodeId: "nm2:45454", state: "LOST", healthReport: "" }],
    completed: [{ slotId: b.id, exitStatus: EXIT.ABORTED, diagnostics: "Container released on a *lost* node" }],
  });
  await until("the lost instance asked again", () => backend.wanted("w") === 1);
  const svc = am.model.service("w");
  assert.equal(svc.restartsUsed, 0, "node loss is not the service's fault");
  assert.equal(am.model.troubledNodes.get("nm2:45454"), "LOST");
  const lost = am.model.recordOf(b.id)!;
  assert.deepEqual([lost.state, lost.instanceId], ["KILLED", "w_1"]);
  const again = slot("w", 512, 1, "nm1");
  backend.next({ allocated: [again] });
  await until("the replacement running", () => am.model.recordOf(again.id)?.phase === "running");
  assert.equal(am.model.recordOf(again.id)?.instanceId, "w_1");
  await am.handlers.shutdown("SUCCEEDED", "enough");
  assert.equal(await code, 0);
  assert.ok(backend.events.includes("finish SUCCEEDED: enough; 1 w container was lost with its node"));
});

test("refused scales: a singleton service and more than the queue can hold change nothing and are not journaled", async () => {
  const spec = appSpec({
    "dask.scheduler": service({ role: "dask.scheduler", script: undefined }),
    w: service({ instances: 1, memoryMiB: 512 }),
  });
  const { am, backend } = scriptedAm(spec);
  // The queue lets this application hold 256 (AM) + 2 × 512 (running) + 1024 (headroom) MiB.
  backend.next({ allocated: [slot("dask.scheduler"), slot("w")] });
  const code = run(am);
  await until("both running", () => am.model.holdingSlots().filter((r) => r.phase === "running").length === 2);
  backend.next({ headroom: { memoryMiB: 1024, vcores: 4 } });
  const syncs = backend.wants.length;
  await until("the headroom seen", () => backend.wants.length > syncs + 1);
  const journaled = backend.events.filter((e) => e === "journal").length;
  await assert.rejects(Promise.resolve(am.handlers.scale("dask.scheduler", 2)), { code: "AM_SINGLETON_SERVICE" });
  await assert.rejects(Promise.resolve(am.handlers.scale("w", 10)), (err: Error & { code?: string }) => {
    assert.equal(err.code, "AM_SCALE_ABOVE_QUEUE");
    assert.match(err.message, /at most 3 instances of 512 MiB fit/);
    return true;
  });
  assert.equal(am.model.service("w").desired, 1);
  assert.equal(am.model.service("dask.scheduler").desired, 1);
  await Promise.resolve(am.handlers.scale("w", 3));
  assert.equal(am.model.service("w").desired, 3, "what fits is accepted");
  assert.equal(backend.events.filter((e) => e === "journal").length, journaled + 1, "only the accepted scale");
  await am.handlers.shutdown("SUCCEEDED", "");
  assert.equal(await code, 0);
});

test("a scale waiting on a recovery that takes too long is refused with AM_NOT_READY", async () => {
  const { am, backend, staging } = scriptedAm(appSpec({ w: service() }), { attempt: 2, readyWaitMs: 30 });
  const openReads = staging.holdReads();
  const code = run(am);
  await until("registered", () => backend.events.some((e) => e.startsWith("register ")));
  await assert.rejects(Promise.resolve(am.handlers.scale("w", 4)), { code: "AM_NOT_READY" });
  assert.equal(am.model.service("w").desired, 1);
  openReads();
  await until("running", () => am.status().application.state === "RUNNING");
  await am.handlers.shutdown("SUCCEEDED", "");
  assert.equal(await code, 0);
});

test("an attempt the backend says is gone: exit 1 at once, no finish, the staging dir kept for the next attempt", async () => {
  const { am, backend } = scriptedAm(appSpec({ w: service() }));
  backend.sync = async () => {
    throw new AttemptGoneError("the RM no longer knows this attempt");
  };
  assert.equal(await run(am), 1);
  assert.ok(!backend.events.some((e) => e.startsWith("finish ") || e.startsWith("delete ")));
  assert.equal(backend.events.at(-1), "close");
});
