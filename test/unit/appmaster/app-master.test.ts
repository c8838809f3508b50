// The AM core (AppMaster) on a scripted ContainerBackend: the order of the way out, a launch that
// fails, slots that come after the end, a scale that arrives while a later attempt recovers, a lost
// node, refused scales, and an attempt the backend says is gone. No cluster: the backend is the
// seam (the same AM runs on YARN in test/e2e).
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { APP_ID, run, scriptedAm, STAGING, stopAll, until } from "./scripted-backend.js";
import { appSpec, service, slot } from "./support.js";

const stateOf = (am: ReturnType<typeof scriptedAm>["am"], service: string) =>
  am.model.service(service).records.map((r) => `${r.instanceId}:${r.phase}`);

afterEach(stopAll);

test("shutdown: every slot is stopped, then the staging dir is deleted, then finish, then close", async () => {
  const { am, backend } = scriptedAm(appSpec({ a: service(), w: service({ instances: 2 }) }));
  const slots = [slot("a"), slot("w"), slot("w")];
  backend.next({ allocated: slots });
  const code = run(am);
  await until(
    "three running instances",
    () => am.model.holdingSlots().filter((r) => r.phase === "running").length === 3,
  );
  await am.handlers.shutdown("SUCCEEDED", "done here");
  assert.equal(await code, 0);
  const ev = backend.events;
  const first = (prefix: string) => ev.findIndex((e) => e.startsWith(prefix));
  const stops = slots.map((s) => ev.indexOf(`stop ${s.id}`));
  assert.ok(
    stops.every((i) => i >= 0),
    `every slot stopped: ${ev.join(", ")}`,
  );
  assert.ok(Math.max(...stops) < first("delete "), "stops before the staging dir goes");
  assert.equal(ev[first("delete ")], `delete ${STAGING}`);
  assert.ok(first("delete ") < first("finish "), "staging deleted before finish");
  assert.equal(ev[first("finish ")], "finish SUCCEEDED: done here");
  assert.equal(ev.at(-1), "close");
  assert.ok(!ev.slice(Math.min(...stops)).includes("journal"), "no journal write once stopping");
  assert.equal(am.status().application.state, "STOPPING");
});

test("a launch that fails: the instance FAILED uses a restart, its slot is released, a replacement is asked and started", async () => {
  const { am, backend } = scriptedAm(appSpec({ w: service({ restarts: 1 }) }));
  const bad = slot("w");
  const good = slot("w");
  backend.failStart.set(bad.id, "NM refused: no space left on device");
  backend.next({ allocated: [bad] });
  const code = run(am);
  await until("the failed launch released", () => backend.events.includes(`release ${bad.id}`));
  assert.ok(backend.events.indexOf(`start ${bad.id}`) < backend.events.indexOf(`release ${bad.id}`));
  const failed = am.model.recordOf(bad.id)!;
  assert.equal(failed.state, "FAILED");
  assert.match(failed.diagnostics ?? "", /could not be started: NM refused: no space left on device/);
  assert.equal(am.model.service("w").restartsUsed, 1);
  await until("the replacement asked", () => backend.wanted("w") === 1 && backend.wants.length > 2);
  backend.next({ allocated: [good] });
  await until("the replacement running", () => am.model.recordOf(good.id)?.phase === "running");
  assert.equal(am.model.recordOf(good.id)?.instanceId, "w_0", "same instance id");
  await am.handlers.shutdown("SUCCEEDED", "");
  assert.equal(await code, 0);
});

test("a launch that fails with no restarts left fails the application with the reason", async () => {
  const { am, backend } = scriptedAm(appSpec({ w: service({ restarts: 0 }) }));
  const bad = slot("w");
  backend.failStart.set(bad.id, "container token expired");
  backend.next({ allocated: [bad] });
  assert.equal(await run(am), 0, "unregistered cleanly");
  const finish = backend.events.find((e) => e.startsWith("finish "));
  assert.match(
    finish ?? "",
    /^finish FAILED: service 'w' failed: w_0 .*could not be started: container token expired.*restarts used: 0 of 0/,
  );
  assert.ok(backend.events.includes(`release ${bad.id}`));
});

test("slots that arrive after the outcome is set are released, never started; what ended then is not stopped", async () => {
  const { am, backend } = scriptedAm(appSpec({ w: service({ instances: 3 }) }));
  const first = slot("w");
  backend.next({ allocated: [first] });
  const code = run(am);
  await until("the first instance running", () => am.model.recordOf(first.id)?.phase === "running");
  const held = backend.hold();
  await held.inSync;
  await am.handlers.shutdown("KILLED", "stopped by the user");
  const late = [slot("w"), slot("w")];
  backend.next({ allocated: late, completed: [{ slotId: first.id, exitStatus: 1, diagnostics: "" }] });
  held.open();
  assert.equal(await code, 0);
  for (const s of late) {
    assert.ok(backend.events.includes(`release ${s.id}`), `${s.id} released`);
    assert.ok(!backend.events.includes(`start ${s.id}`), `${s.id} not started`);
  }
  assert.equal(am.model.recordOf(first.id)?.phase, "done");
  assert.ok(!backend.events.includes(`stop ${first.id}`), "its completion came with the late slots");
  assert.equal(am.model.holdingSlots().length, 0);
  assert.ok(backend.events.includes("finish KILLED: stopped by the user"));
});

function journalOfThree(): string {
  const containers = [0, 1, 2].map((index) => ({
    containerId: `container_1700000000000_0007_01_00000${index + 2}`,
    service: "w",
    index,
    startTime: 5,
  }));
  const services = { w: { desired: 3, restartsUsed: 1, everRunning: true } };
  const kv = { revision: 1, entries: [["k", "v"]] };
  return JSON.stringify({ version: 1, appId: APP_ID, attempt: 1, writtenAt: 9, services, containers, kv });
}

test("a scale during recovery waits for it, then applies on top of the recovered counts", async () => {
  const { am, backend, staging, deps } = scriptedAm(appSpec({ w: service({ instances: 1, restarts: 3 }) }), {
    attempt: 2,
    journal: journalOfThree(),
  });
  const kept = ["02", "03"].map((n) => ({ ...slot(undefined), id: `container_1700000000000_0007_01_0000${n}` }));
  backend.registration = { queue: "default", resourceTypes: [], previous: kept };
  const openReads = staging.holdReads();
  const code = run(am);
  await until("registered", () => backend.events.some((e) => e.startsWith("register ")));
  let scaled = false;
  const scale = Promise.resolve(am.handlers.scale("w", 5)).then(() => (scaled = true));
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(scaled, false, "the scale waits while the journal is read");
  assert.equal(am.status().application.state, "RECOVERING");
  openReads();
  await scale;
  const j = staging.journal();
  assert.equal(j.services.w.desired, 5, "the scale, not the recovered 3");
  assert.equal(j.services.w.restartsUsed, 1);
  assert.deepEqual(
    j.containers.map((c: { index: number }) => c.index),
    [0, 1],
    "the two slots handed back are adopted",
  );
  await until("asks for the lost one and the two new ones", () => backend.wanted("w") === 3);
  assert.deepEqual(stateOf(am, "w").slice(0, 2), ["w_0:running", "w_1:running"]);
  assert.equal(deps.kv.get("k"), "v", "the key-value store recovered too");
  await am.handlers.shutdown("SUCCEEDED", "");
  assert.equal(await code, 0);
});
